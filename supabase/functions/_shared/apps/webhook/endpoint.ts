// Which endpoints Parley posts to: https on the public internet. Development and tests allow http and
// private addresses (PARLEY_ALLOW_PRIVATE_NETWORK=true), where the receiver runs on this machine.
import { type ResolveHost, refusedTarget } from '../../network.ts'

export async function endpointProblem(
  url: string,
  options: { allowPrivate: boolean; resolve: ResolveHost },
): Promise<string | null> {
  if (options.allowPrivate) return /^https?:\/\//i.test(url) ? null : 'Give a full https:// address.'
  if (!/^https:\/\//i.test(url)) return 'The endpoint must use https://.'
  const refused = await refusedTarget(url, options.resolve)
  return refused ? `Parley cannot post to this endpoint: ${refused}.` : null
}
