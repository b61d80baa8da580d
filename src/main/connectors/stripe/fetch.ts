/**
 * Reading Stripe objects by id and by list, with their expansions, validated by the
 * object's schema. Deleted objects (Stripe answers `{id, deleted: true}`) and missing ones
 * (404) are told apart from live ones.
 */
import { z } from 'zod'
import { paginate, type HttpClient, type Page } from '../http'
import { flattenParams } from './form'
import { orMissing } from './lookups'
import type { ObjectSpec } from './objects'
import { listOf, type StripeList } from './schemas'

/** What a GET by id found. */
export type Found<T> = { state: 'live'; item: T } | { state: 'deleted' } | { state: 'missing' }

const deleted = z.object({ id: z.string(), deleted: z.literal(true) })

/** GETs each id (paced by the connection's limiter), keeping the order of `ids`. */
export async function getMany<T extends { id: string; created: number }>(client: HttpClient, spec: ObjectSpec<T>, ids: string[]): Promise<Map<string, Found<T>>> {
  const schema = z.union([deleted, spec.schema])
  const params = flattenParams({ expand: spec.getExpand.length ? spec.getExpand : undefined })
  const answers = await Promise.all(
    ids.map((id) => orMissing(client.request({ url: `${spec.path}/${encodeURIComponent(id)}`, params, schema })))
  )
  const out = new Map<string, Found<T>>()
  ids.forEach((id, i) => {
    const a = answers[i]
    if (a === null) out.set(id, { state: 'missing' })
    else if ('deleted' in a && a.deleted === true) out.set(id, { state: 'deleted' })
    else out.set(id, { state: 'live', item: a as T })
  })
  return out
}

/** Pages of a list endpoint, newest first, 100 a call, with the spec's expansions. */
export function listPages<T extends { id: string; created: number }>(
  client: HttpClient,
  spec: ObjectSpec<T>,
  filters: Record<string, string | number> = {}
): AsyncGenerator<Page<StripeList<T>>> {
  const schema = listOf(spec.schema) as unknown as z.ZodType<StripeList<T>>
  const expand = flattenParams({ expand: spec.listExpand.length ? spec.listExpand : undefined })
  return paginate.startingAfter((after) =>
    client.request({ url: spec.path, params: { limit: 100, ...expand, ...filters, ...(after ? { starting_after: after } : {}) }, schema })
  )
}
