/**
 * Reading Stripe objects by id and by list, with their expansions, validated by the
 * object's schema. Deleted objects (Stripe answers `{id, deleted: true}`) and missing ones
 * (404) are told apart from live ones.
 */
import { z } from 'zod'
import type { HttpClient, Page } from '../http'
import { pages } from '../platform'
import { flattenParams } from './form'
import { STRIPE_PAGING } from './http'
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

/** Every page of a list endpoint, paged as STRIPE_PAGING says (100 a call, `starting_after`). */
export function stripePages<L>(client: HttpClient, url: string, schema: z.ZodType<L>, params: Record<string, string | number> = {}): AsyncGenerator<Page<L, string | number>> {
  return pages(STRIPE_PAGING, async (req) => ({ data: await client.request({ url, params: { ...params, ...req.params }, schema }) }))
}

/** Pages of an object's list endpoint, newest first, with the spec's expansions. */
export function listPages<T extends { id: string; created: number }>(
  client: HttpClient,
  spec: ObjectSpec<T>,
  filters: Record<string, string | number> = {}
): AsyncGenerator<Page<StripeList<T>, string | number>> {
  const schema = listOf(spec.schema) as unknown as z.ZodType<StripeList<T>>
  const expand = flattenParams({ expand: spec.listExpand.length ? spec.listExpand : undefined })
  return stripePages(client, spec.path, schema, { ...expand, ...filters })
}
