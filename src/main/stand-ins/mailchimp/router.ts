/** The fake's route table: method and path template → handler, with 405s for a wrong method. */
import type { Route } from './route-types'
import { getList, listMergeFields, ping, root } from './routes-account'
import { batchSubscribe } from './routes-batch'
import { addMember, archiveMember, deletePermanent, getMember, listMembers, listTags, patchMember, putMember, setTags } from './routes-members'

const MEMBER = '/lists/:list_id/members/:subscriber_hash'

/** Every route, as `[method, template, handler]`; templates are relative to `/3.0`. */
export const ROUTES: readonly [string, string, Route][] = [
  ['GET', '/', root],
  ['GET', '/ping', ping],
  ['GET', '/lists/:list_id', getList],
  ['POST', '/lists/:list_id', batchSubscribe],
  ['GET', '/lists/:list_id/members', listMembers],
  ['POST', '/lists/:list_id/members', addMember],
  ['GET', MEMBER, getMember],
  ['PUT', MEMBER, putMember],
  ['PATCH', MEMBER, patchMember],
  ['DELETE', MEMBER, archiveMember],
  ['GET', `${MEMBER}/tags`, listTags],
  ['POST', `${MEMBER}/tags`, setTags],
  ['POST', `${MEMBER}/actions/delete-permanent`, deletePermanent],
  ['GET', '/lists/:list_id/merge-fields', listMergeFields]
]

function match(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/').filter(Boolean)
  const got = path.split('/').filter(Boolean)
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i])
    else if (want[i] !== got[i]) return undefined
  }
  return params
}

/** What a request path resolves to. */
export type Dispatch = { route: Route; template: string; params: Record<string, string> } | { allow: string[] } | undefined

/** Finds the route for `method path` (path relative to `/3.0`). */
export function dispatch(method: string, path: string): Dispatch {
  const allow: string[] = []
  for (const [m, template, route] of ROUTES) {
    const params = match(template, path)
    if (!params) continue
    if (m === method) return { route, template, params }
    allow.push(m)
  }
  return allow.length ? { allow } : undefined
}
