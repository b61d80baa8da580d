/**
 * The yardstick for `patchbay run`: the same job (HubSpot contacts → Mailchimp batch
 * subscribe) as a stateless script with plain fetch, no links, journal or logs kept.
 * hubspot-mailchimp.bench.ts runs it as its own process against the same stand-ins.
 * Input from the environment: HUBSPOT_URL, HUBSPOT_TOKEN, MAILCHIMP_URL (…/3.0),
 * MAILCHIMP_KEY, MAILCHIMP_LIST.
 */
const env = process.env
const hubspot = { authorization: `Bearer ${env.HUBSPOT_TOKEN}` }
const mailchimp = { authorization: `Basic ${Buffer.from(`any:${env.MAILCHIMP_KEY}`).toString('base64')}`, 'content-type': 'application/json' }

async function json(url, init) {
  const res = await fetch(url, init)
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`)
  return res.json()
}

const members = []
let after
do {
  const url = `${env.HUBSPOT_URL}/crm/objects/2026-03/contacts?limit=100&properties=email,firstname,lastname,phone${after ? `&after=${after}` : ''}`
  const page = await json(url, { headers: hubspot })
  for (const { properties: p } of page.results) {
    if (!p.email) continue
    members.push({ email_address: p.email.trim().toLowerCase(), status_if_new: 'subscribed', merge_fields: { FNAME: p.firstname ?? '', LNAME: p.lastname ?? '', PHONE: p.phone ?? '' } })
  }
  after = page.paging?.next?.after
} while (after)

let created = 0
for (let i = 0; i < members.length; i += 500) {
  const body = JSON.stringify({ members: members.slice(i, i + 500), update_existing: true })
  const answer = await json(`${env.MAILCHIMP_URL}/lists/${env.MAILCHIMP_LIST}?fields=total_created,error_count`, { method: 'POST', headers: mailchimp, body })
  created += answer.total_created
}
console.log(`baseline: ${members.length} contacts read, ${created} members created`)
