/**
 * Account-level routes: API root (https://mailchimp.com/developer/marketing/api/root/),
 * ping (…/api/ping/), one audience (…/api/lists/get-list-info/) and its merge fields
 * (…/api/list-merges/list-merge-fields/).
 */
import { audienceJson, link, mcTime } from './render'
import type { Route } from './route-types'

/** `GET /`: the account the key belongs to. */
export const root: Route = (req) => ({
  status: 200,
  body: {
    account_id: 'a1b2c3d4e5f6a7b8c9d0e1f2a',
    login_id: '12345678',
    account_name: req.store.o.accountName,
    email: 'owner@patchbay.invalid',
    first_name: 'Sam',
    last_name: 'Owner',
    username: 'patchbay-demo',
    role: 'owner',
    member_since: mcTime(Date.UTC(2020, 0, 15)),
    pricing_plan_type: 'monthly',
    account_timezone: 'Europe/London',
    account_industry: 'Retail',
    contact: { company: req.store.o.accountName, addr1: '1 Market St', city: 'London', state: '', zip: 'EC1A 1AA', country: 'GB' },
    total_subscribers: [...req.store.audiences.values()].reduce((n, a) => n + a.members.size, 0),
    _links: [link('self', `${req.base}/`)]
  }
})

/** `GET /ping`. */
export const ping: Route = () => ({ status: 200, body: { health_status: "Everything's Chimpy!" } })

/** `GET /lists/{list_id}`. */
export const getList: Route = (req) => ({ status: 200, body: audienceJson(req.base, req.store.audience(req.params.list_id)) })

/** `GET /lists/{list_id}/merge-fields`. */
export const listMergeFields: Route = (req) => {
  const a = req.store.audience(req.params.list_id)
  const count = Number(req.query.get('count') ?? 10)
  const offset = Number(req.query.get('offset') ?? 0)
  const fields = a.mergeFields.map((f) => ({ ...f, options: f.type === 'address' ? { default_country: 0 } : {}, help_text: '', list_id: a.id }))
  return { status: 200, body: { merge_fields: fields.slice(offset, offset + count), list_id: a.id, total_items: fields.length, _links: [link('self', `${req.base}/lists/${a.id}/merge-fields`)] } }
}
