import { Hono } from 'hono'
import type { StackContext } from '../context.ts'

/** GET /settings, /health and the JWKS: what clients and dashboards probe before signing in. */
export function metaRoutes(ctx: StackContext): Hono {
  const app = new Hono()
  const auth = ctx.config.auth

  app.get('/settings', (c) =>
    c.json({
      external: {
        anonymous_users: auth.enableAnonymousSignIns,
        apple: false,
        azure: false,
        bitbucket: false,
        discord: false,
        facebook: false,
        figma: false,
        github: false,
        gitlab: false,
        google: false,
        keycloak: false,
        kakao: false,
        linkedin_oidc: false,
        notion: false,
        slack_oidc: false,
        spotify: false,
        twitch: false,
        twitter: false,
        workos: false,
        zoom: false,
        email: true,
        phone: false,
      },
      disable_signup: !auth.enableSignup,
      mailer_autoconfirm: !auth.enableConfirmations,
      phone_autoconfirm: true,
      sms_provider: '',
      saml_enabled: false,
    }),
  )

  app.get('/health', (c) =>
    c.json({
      version: 'v2-devstack',
      name: 'GoTrue',
      description: 'GoTrue is a user registration and authentication API',
    }),
  )

  // HS256 only: there are no public keys to publish, exactly like GoTrue with a symmetric secret.
  app.get('/.well-known/jwks.json', (c) => c.json({ keys: [] }))

  return app
}
