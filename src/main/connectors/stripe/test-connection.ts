/**
 * "Test connection" for Stripe: the key works, in which mode, for which account, and which
 * of the objects Patchbay reads a restricted key may not see, so the user can fix the key's
 * permissions before a sync fails on them.
 */
import { AuthError, PatchbayError, toErrorData } from '../../errors'
import type { HttpClient } from '../http'
import type { ConnectionTest } from '../types'
import { OBJECT_SPECS, STRIPE_OBJECTS } from './objects'
import { accountSchema } from './schemas'
import { modeWords, type StripeKeyInfo } from './settings'

/** Runs the checks and words the outcome. */
export async function testStripeConnection(client: HttpClient, key: StripeKeyInfo): Promise<ConnectionTest> {
  const mode = modeWords(key.mode)
  let accountName: string | undefined
  try {
    const a = await client.request({ url: '/v1/account', schema: accountSchema })
    accountName = a.settings?.dashboard?.display_name ?? a.business_profile?.name ?? a.email ?? a.id
  } catch (err) {
    // A restricted key may lack "Account: read"; the probes below still tell whether it works.
    if (!(err instanceof AuthError && err.meta.status === 403)) return failed(err, mode)
  }
  const unreadable: string[] = []
  for (const name of ['events', ...STRIPE_OBJECTS]) {
    const url = name === 'events' ? '/v1/events' : OBJECT_SPECS[name as keyof typeof OBJECT_SPECS].path
    try {
      await client.request({ url, params: { limit: 1 } })
    } catch (err) {
      if (err instanceof AuthError && err.meta.status === 403) unreadable.push(name.replace('_', ' '))
      else return failed(err, mode)
    }
  }
  const who = accountName ? `Connected to ${accountName} (${mode})` : `Connected (${mode})`
  const keyKind = key.restricted ? 'restricted key' : 'secret key'
  if (unreadable.length === 0) return { ok: true, accountName, message: `${who} with a ${keyKind}` }
  return {
    ok: false,
    accountName,
    message: `${who}, but this ${keyKind} cannot read ${unreadable.join(', ')}. Give it read access to those in Stripe Dashboard → Developers → API keys.`
  }
}

function failed(err: unknown, mode: string): ConnectionTest {
  if (!(err instanceof PatchbayError)) throw err
  const data = toErrorData(err)
  return { ok: false, message: `${data.message} (${mode} key)${data.hint ? `. ${data.hint}` : ''}` }
}
