/**
 * The fake's resources as JSON, with the fields of the API reference ("List members",
 * "Lists", "Merge fields", "Root") and `_links` as Mailchimp's HAL-like link objects.
 */
import { hashOf, type Audience, type StoredMember } from './store'

/** Mailchimp's timestamp form: ISO 8601, whole seconds, `+00:00`. */
export function mcTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')
}

/** A link object, as on every Mailchimp resource. */
export function link(rel: string, href: string, method = 'GET'): Record<string, string> {
  return { rel, href, method, targetSchema: `https://us1.api.mailchimp.com/schema/3.0/Definitions/${rel}.json` }
}

/** A list member as `GET /lists/{list_id}/members/{subscriber_hash}` returns it. */
export function memberJson(base: string, a: Audience, m: StoredMember): Record<string, unknown> {
  const hash = hashOf(m.email)
  const first = typeof m.merge.FNAME === 'string' ? m.merge.FNAME : ''
  const last = typeof m.merge.LNAME === 'string' ? m.merge.LNAME : ''
  return {
    id: hash,
    email_address: m.email,
    unique_email_id: m.uniqueEmailId,
    contact_id: m.contactId,
    full_name: [first, last].filter(Boolean).join(' '),
    web_id: m.webId,
    email_type: m.emailType,
    status: m.status,
    consents_to_one_to_one_messaging: true,
    merge_fields: { ...m.merge },
    stats: { avg_open_rate: 0, avg_click_rate: 0 },
    ip_signup: '',
    timestamp_signup: mcTime(m.signupAt),
    ip_opt: '',
    timestamp_opt: mcTime(m.signupAt),
    member_rating: 2,
    last_changed: mcTime(m.lastChanged),
    language: m.language,
    vip: m.vip,
    email_client: '',
    location: { latitude: 0, longitude: 0, gmtoff: 0, dstoff: 0, country_code: '', timezone: '', region: '' },
    source: m.source,
    tags_count: m.tags.length,
    tags: m.tags.map((name) => ({ id: tagId(name), name })),
    list_id: a.id,
    _links: [link('self', `${base}/lists/${a.id}/members/${hash}`), link('upsert', `${base}/lists/${a.id}/members/${hash}`, 'PUT'), link('delete', `${base}/lists/${a.id}/members/${hash}`, 'DELETE')]
  }
}

/** A stable numeric id per tag name, as Mailchimp gives each tag one. */
export function tagId(name: string): number {
  let h = 0
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return 10_000 + (h % 9_000_000)
}

/** An audience as `GET /lists/{list_id}` returns it. */
export function audienceJson(base: string, a: Audience): Record<string, unknown> {
  const members = [...a.members.values()]
  const count = (s: string) => members.filter((m) => m.status === s).length
  return {
    id: a.id,
    web_id: a.webId,
    name: a.name,
    contact: { company: 'Patchbay Demo', address1: '1 Market St', city: 'London', state: '', zip: 'EC1A 1AA', country: 'GB' },
    permission_reminder: 'You signed up on our website.',
    campaign_defaults: { from_name: 'Patchbay Demo', from_email: 'hello@patchbay.invalid', subject: '', language: 'en' },
    date_created: mcTime(a.createdAt),
    email_type_option: false,
    double_optin: false,
    visibility: 'prv',
    stats: {
      member_count: count('subscribed'),
      unsubscribe_count: count('unsubscribed'),
      cleaned_count: count('cleaned'),
      member_count_since_send: count('subscribed'),
      merge_field_count: a.mergeFields.length,
      last_sub_date: ''
    },
    _links: [link('self', `${base}/lists/${a.id}`), link('members', `${base}/lists/${a.id}/members`)]
  }
}
