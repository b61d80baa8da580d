/**
 * Making a conflict land while a person reads the Conflicts view: one contact is edited
 * differently in HubSpot and in Mailchimp through their APIs, and the two-way sync is run
 * through the monitor's own HTTP API, as a scheduled run would land.
 */
import type { CallResults } from '../../src/shared/contract'
import type { Conflict } from '../../src/shared/domain'
import { mailchimpMember, type FakeApis, type Served } from './helpers'
import { createHash } from 'node:crypto'

/** One call to the running core, as the monitor makes it. */
export async function core<C extends keyof CallResults>(served: Served, channel: C, input: object): Promise<CallResults[C]> {
  const res = await fetch(`${served.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${served.token}` }, body: JSON.stringify(input) })
  const body = (await res.json()) as { ok?: CallResults[C]; error?: { message: string } }
  if (!res.ok || body.error) throw new Error(`${channel}: ${body.error?.message ?? res.status}`)
  return body.ok as CallResults[C]
}

/** The open conflicts of the demo's HubSpot ⇄ Mailchimp sync. */
export const openConflicts = async (served: Served): Promise<Conflict[]> => (await core(served, 'conflicts:list', { syncId: 'hubspot-mailchimp' })).filter((c) => c.status === 'open')

/**
 * The `nth` HubSpot contact (from the first page, which the demo's own edits leave alone)
 * that Mailchimp has too and that has no conflict waiting.
 */
export async function quietContact(api: FakeApis, served: Served, nth: number): Promise<{ email: string; firstname: string; lastname: string }> {
  const res = await fetch(`${api.hubspot.url}/crm/objects/2026-03/contacts?limit=20&properties=email,firstname,lastname`, { headers: { Authorization: `Bearer ${api.hubspot.token}` } })
  if (res.status !== 200) throw new Error(`HubSpot answered ${res.status}: ${await res.text()}`)
  const busy = new Set((await openConflicts(served)).map((c) => String(c.leftRecord.email ?? c.rightRecord.email).toLowerCase()))
  const people = ((await res.json()) as { results: { properties: Record<string, string> }[] }).results.map((r) => r.properties).filter((p) => p.email && !busy.has(p.email.toLowerCase()))
  const found: { email: string; firstname: string; lastname: string }[] = []
  for (const p of people) {
    if (await mailchimpMember(api, p.email)) found.push({ email: p.email.toLowerCase(), firstname: p.firstname, lastname: p.lastname })
    if (found.length > nth) break
  }
  if (!found[nth]) throw new Error('The demo has too few contacts in both HubSpot and Mailchimp')
  return found[nth]
}

/** Edits a person differently in both systems (first name, and last name when given), then runs the two-way sync: the run that brings the conflict. */
export async function conflictLands(api: FakeApis, served: Served, email: string, hubspot: Record<string, string>, mailchimp: Record<string, string>): Promise<{ conflict: Conflict; run: CallResults['sync:run']['run'] }> {
  const hs = await fetch(`${api.hubspot.url}/crm/objects/2026-03/contacts/batch/upsert`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${api.hubspot.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ inputs: [{ id: email, idProperty: 'email', properties: hubspot }] })
  })
  if (hs.status !== 200 && hs.status !== 201) throw new Error(`HubSpot answered ${hs.status}: ${await hs.text()}`)
  const hash = createHash('md5').update(email).digest('hex')
  const mc = await fetch(`${api.mailchimp.baseUrl}/lists/${api.mailchimp.listId}/members/${hash}`, {
    method: 'PATCH',
    headers: { Authorization: `Basic ${Buffer.from(`demo:${api.mailchimp.apiKey}`).toString('base64')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ merge_fields: mailchimp })
  })
  if (mc.status !== 200) throw new Error(`Mailchimp answered ${mc.status}: ${await mc.text()}`)
  const { run } = await core(served, 'sync:run', { syncId: 'hubspot-mailchimp' })
  const conflict = (await openConflicts(served)).find((c) => String(c.leftRecord.email).toLowerCase() === email)
  if (!conflict) throw new Error(`The run ${run.id} brought no conflict for ${email}`)
  return { conflict, run }
}
