/**
 * Marketing consent as SendGrid keeps it: not on the contact but in the suppressions of its
 * address (global unsubscribes, group unsubscribes, bounces). Read once per run; Patchbay
 * adds to them (an unsubscribe from the other system) and never takes anything out of them,
 * so nothing it writes subscribes a person who left.
 *
 * The canonical values (engine/merge.ts `marketingConsent`): `unsubscribed` for any global or
 * group unsubscribe, `cleaned` for a bounce, `subscribed` otherwise. SendGrid has no
 * double opt-in state for contacts, so `pending` is never read; written, it changes nothing.
 */
import type { HttpClient } from '../http'
import { itemsOf, pages } from '../platform'
import { SUPPRESSION_PAGING } from './http'
import { groupSuppressionsSchema, suppressedSchema, suppressionPageSchema } from './schemas'

/** The canonical consent field SendGrid's contacts carry, and when it last changed (ISO). */
export const CONSENT = 'marketing_consent'
export const CONSENT_AT = 'marketing_consent_at'

/** Values that mean "send no marketing email". */
const WITHDRAWN = new Set(['unsubscribed', 'cleaned'])

/** One address's standing. */
export interface Standing {
  consent: 'unsubscribed' | 'cleaned'
  /** Unix seconds. */
  since: number
}

/** Every suppressed address of the account, by lower-cased email. */
export type Suppressions = Map<string, Standing>

/** Every entry of a suppression list, page by page as SUPPRESSION_PAGING says. */
async function allPages(client: HttpClient, url: string): Promise<{ email: string; created: number }[]> {
  const out: { email: string; created: number }[] = []
  for await (const page of pages(SUPPRESSION_PAGING, async (p) => ({ data: { items: await client.request({ url, params: p.params, schema: suppressionPageSchema }) } }))) {
    out.push(...itemsOf<{ email: string; created: number }>(SUPPRESSION_PAGING, page.data))
  }
  return out
}

/** Reads the global unsubscribes, every group's unsubscribes and the bounces. An unsubscribe outranks a bounce. */
export async function readSuppressions(client: HttpClient): Promise<Suppressions> {
  const [global, groups, bounces] = await Promise.all([
    allPages(client, '/v3/suppression/unsubscribes'),
    client.request({ url: '/v3/asm/suppressions', schema: groupSuppressionsSchema }),
    allPages(client, '/v3/suppression/bounces')
  ])
  const out: Suppressions = new Map()
  const note = (email: string, consent: Standing['consent'], since: number) => {
    const key = email.trim().toLowerCase()
    const had = out.get(key)
    if (!had || (had.consent === 'cleaned' && consent === 'unsubscribed') || (had.consent === consent && since < had.since)) out.set(key, { consent, since })
  }
  for (const b of bounces) note(b.email, 'cleaned', b.created)
  for (const g of groups) note(g.email, 'unsubscribed', g.created_at)
  for (const u of global) note(u.email, 'unsubscribed', u.created)
  return out
}

/** The consent fields of an address. */
export function consentOf(suppressions: Suppressions, email: string | undefined): { [CONSENT]: string; [CONSENT_AT]: string | null } {
  const s = email ? suppressions.get(email.trim().toLowerCase()) : undefined
  return s ? { [CONSENT]: s.consent, [CONSENT_AT]: new Date(s.since * 1000).toISOString() } : { [CONSENT]: 'subscribed', [CONSENT_AT]: null }
}

/** True when a written consent value asks for no marketing email. */
export function withdraws(value: unknown): boolean {
  return typeof value === 'string' && WITHDRAWN.has(value.trim().toLowerCase())
}

/** Suppresses addresses: in the connection's unsubscribe group when it names one, else globally. Never removes one. */
export async function suppress(client: HttpClient, emails: readonly string[], groupId: number | undefined, suppressions: Suppressions, now: number): Promise<void> {
  if (emails.length === 0) return
  const url = groupId === undefined ? '/v3/asm/suppressions/global' : `/v3/asm/groups/${groupId}/suppressions`
  // Adding an address twice leaves it as it was, so a repeat after a lost answer is harmless.
  await client.request({ method: 'POST', url, data: { recipient_emails: [...emails] }, schema: suppressedSchema, idempotent: true })
  for (const e of emails) if (!suppressions.has(e)) suppressions.set(e, { consent: 'unsubscribed', since: Math.floor(now / 1000) })
}
