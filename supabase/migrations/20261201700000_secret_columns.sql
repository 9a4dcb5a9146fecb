-- Secret columns say so in the schema: a comment starting with "secret" marks each one, and
-- supabase/tests/rls.test.sql reads the marks from the catalog instead of a hand-kept list. It checks that
-- no API role but service_role can read or write a marked column, and fails when a column whose name looks
-- secret (secret, token, password, *_key, credentials) carries no mark and is not on its allow-list.
--
--   'secret: ...'                          only the service role reads or writes it (the default)
--   'secret (write-only): ...'             owners and admins may set it (their row's policies say where);
--                                          nobody but the service role reads it back
--   'secret (shown to its row''s readers): ...'  signed-in users read it where RLS shows them the row, for a
--                                          reason the comment gives; anon never does
--
-- Values encrypted at rest (AES-GCM with PARLEY_ENCRYPTION_KEY, "v1." prefix) are secrets all the same.

comment on column public.chatbot_secrets.identity_secret is
  'secret (shown to its row''s readers): the chatbot''s HMAC key for identifier_hash; owners and admins copy it into their store''s site and rotate it';
comment on column public.chatbot_ai_settings.api_key is
  'secret (write-only): the store''s key for its AI provider; has_api_key tells the dashboard whether one is set';

comment on column public.chatwoot_accounts.admin_user_id is
  'secret: Chatwoot''s id of the store''s administrator user, whose access token acts for Parley in the account';
comment on column public.chatwoot_accounts.admin_access_token is
  'secret: the store administrator''s Chatwoot access token (encrypted)';
comment on column public.chatwoot_accounts.hmac_token is
  'secret: the website inbox''s HMAC token, with which Chatwoot verifies visitor identities (encrypted)';
comment on column public.chatwoot_accounts.webhook_secret is
  'secret: signs the account webhook''s deliveries to chatwoot-webhook-handler (encrypted)';
comment on column public.chatwoot_accounts.api_inbox_identifier is
  'secret: the API inbox''s identifier, with which Chatwoot''s public client API writes into the inbox';
comment on column public.chatwoot_accounts.api_inbox_secret is
  'secret: signs the API inbox''s webhook_url deliveries to chatwoot-webhook-handler (encrypted)';

comment on column private.chatwoot_users.access_token is
  'secret: a person''s own Chatwoot access token (encrypted), one per person across their stores';

comment on column public.integrations.credentials_encrypted is
  'secret: a connected app''s credentials (encrypted)';

comment on column public.invitations.token is
  'secret (shown to its row''s readers): the invitation link''s token; the inviting owners and admins share it, the invitee opens it (accept_invitation also checks their e-mail)';
