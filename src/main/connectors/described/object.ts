/**
 * One described object as the platform's object functions: records read from the list
 * (changed-since when the description gives the parameter), fields taken from and put at
 * their paths, writes sent to the create/update/delete endpoints one record at a time.
 */
import { basename } from 'node:path'
import { z } from 'zod'
import type { FieldValue, Fields } from '../../../shared/domain'
import { ConfigError, PatchbayError, RecordError } from '../../errors'
import { readPath } from '../http/paginate'
import { cursorCodec, type ObjectFunctions } from '../platform'
import type { FieldInfo, ReadProblem, SourceRecord, WriteItem, WriteOutcome } from '../types'
import type { DescribedObject, Description } from './format'
import { listAnswers, type ListContext } from './pages'

const since = z.object({ since: z.union([z.string(), z.number()]).nullable() })

/** Where a field lives in a record. */
const pathOf = (field: DescribedObject['fields'][string]): string => (typeof field === 'string' ? field : field.path)

/** A JSON value as a field value: scalars as they are, anything else as its JSON text. */
function asField(value: unknown): FieldValue {
  if (value === undefined || value === null) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  return JSON.stringify(value)
}

/** Puts `value` at a dot path, making the objects (or arrays, for number steps) on the way. */
export function putAt(target: Record<string, unknown>, at: string, value: unknown): void {
  const steps = at.split('.')
  let here: Record<string, unknown> = target
  steps.forEach((step, i) => {
    if (i === steps.length - 1) {
      here[step] = value
      return
    }
    if (here[step] === null || typeof here[step] !== 'object') here[step] = /^\d+$/.test(steps[i + 1]) ? [] : {}
    here = here[step] as Record<string, unknown>
  })
}

/** Newer of two change times as the system writes them (ISO text or a number). */
function newer(a: string | number | null, b: string | number): string | number {
  if (a === null) return b
  if (typeof a === 'number' && typeof b === 'number') return b > a ? b : a
  const [ta, tb] = [Date.parse(String(a)), Date.parse(String(b))]
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return tb > ta ? b : a
  return String(b) > String(a) ? b : a
}

/** An object's functions, plus the check "Test connection" makes of its first page. */
export interface DescribedObjectFunctions extends ObjectFunctions<ListContext> {
  /** Reads one page: the items path and the key are right. Resolves to the records on it. */
  firstPage(ctx: ListContext): Promise<number>
}

/** The functions of object `name` of a description. */
export function describedObject(d: Description, file: string, name: string, obj: DescribedObject): DescribedObjectFunctions {
  const system = d.name
  const position = cursorCodec(system, since, 'described:')
  const recordUrl = (template: string, id: string): string => template.replace('{id}', encodeURIComponent(id))

  function toRecord(raw: unknown): SourceRecord | undefined {
    const key = asField(readPath(raw, obj.key))
    if (key === null || key === '') return undefined
    const fields: Fields = {}
    for (const [field, where] of Object.entries(obj.fields)) fields[field] = asField(readPath(raw, pathOf(where)))
    const changed = obj.updatedAt === undefined ? undefined : readPath(raw, obj.updatedAt)
    const time = typeof changed === 'string' || typeof changed === 'number' ? new Date(changed) : undefined
    return { id: String(key), fields, ...(time && !Number.isNaN(time.getTime()) ? { updatedAt: time.toISOString() } : {}) }
  }

  /** The records of one page; a page where no record has a key means `key` is the wrong path. */
  function recordsOf(ctx: ListContext, list: unknown[]): { records: SourceRecord[]; problems: ReadProblem[] } {
    const records: SourceRecord[] = []
    const problems: ReadProblem[] = []
    for (const [i, raw] of list.entries()) {
      const record = toRecord(raw)
      if (record) records.push(record)
      else problems.push({ message: `Record ${i + 1} of a page from ${system} has no key at "${obj.key}"` })
    }
    if (list.length > 0 && records.length === 0) {
      throw new ConfigError(`No ${name} record from ${system} has a key at "${obj.key}" (objects.${name}.key in ${basename(file)})`, {
        connectionId: ctx.connectionId,
        hint: `Fix objects.${name}.key to the path of each record's id; nothing was written.`
      })
    }
    return { records, problems }
  }

  async function everything(ctx: ListContext): Promise<SourceRecord[]> {
    const all: SourceRecord[] = []
    for await (const list of listAnswers(ctx, name, obj, {})) all.push(...recordsOf(ctx, list).records)
    return all
  }

  /** The body of a create or update: each field at its path, inside `wrap` when given. */
  function bodyOf(fields: Fields, wrap: string | undefined): Record<string, unknown> {
    const body: Record<string, unknown> = {}
    for (const [field, value] of Object.entries(fields)) {
      const where = obj.fields[field]
      if (where !== undefined) putAt(body, pathOf(where), value)
    }
    if (!wrap) return body
    const wrapped: Record<string, unknown> = {}
    putAt(wrapped, wrap, body)
    return wrapped
  }

  function missing(ctx: ListContext, what: string, item: WriteItem): WriteOutcome {
    return { ref: item.ref, ok: false, error: new RecordError(`The ${system} description has no ${what} endpoint for ${name}, so Patchbay cannot ${what} records there`, { connectionId: ctx.connectionId, hint: `Add objects.${name}.${what} to ${basename(file)}, or make the sync one-way.` }) }
  }

  async function writeOne(ctx: ListContext, item: WriteItem): Promise<WriteOutcome> {
    if (item.op === 'delete') {
      if (!obj.delete) return missing(ctx, 'delete', item)
      await ctx.client.request({ method: obj.delete.method, url: recordUrl(obj.delete.path, item.id) })
      return { ref: item.ref, ok: true, id: item.id }
    }
    const endpoint = item.op === 'create' ? obj.create : obj.update
    if (!endpoint) return missing(ctx, item.op, item)
    const url = item.op === 'create' ? endpoint.path : recordUrl(endpoint.path, item.id)
    const answer = await ctx.client.request({ method: endpoint.method, url, data: bodyOf(item.fields, endpoint.wrap) })
    const saved = endpoint.answer ? readPath(answer, endpoint.answer) : answer
    const id = asField(readPath(saved, obj.key))
    if (item.op === 'update') return { ref: item.ref, ok: true, id: id === null ? item.id : String(id) }
    if (id === null || id === '') {
      throw new ConfigError(`${system} answered ${endpoint.method} ${url} without the new record's key at "${obj.key}" (objects.${name}.create.answer and objects.${name}.key in ${basename(file)})`, {
        connectionId: ctx.connectionId,
        hint: `Fix objects.${name}.create.answer to where the saved record is in the answer. The record may have been made; the next run finds it by the match field instead of making it again.`
      })
    }
    return { ref: item.ref, ok: true, id: String(id) }
  }

  return {
    async firstPage(ctx) {
      for await (const list of listAnswers(ctx, name, obj, {}, 1)) return recordsOf(ctx, list).records.length
      return 0
    },
    maxBatch: 10,
    fields: async (): Promise<FieldInfo[]> => Object.entries(obj.fields).map(([field, where]) => ({ name: field, ...(typeof where !== 'string' && where.type ? { type: where.type } : {}) })),
    async listChanged(ctx, cursor) {
      const from = cursor === null ? null : position.decode(cursor, ctx.connectionId).since
      const changedSince = obj.list.changedSince
      const params = changedSince && from !== null ? { [changedSince.param]: String(from) } : {}
      async function* out() {
        let newest = from
        for await (const list of listAnswers(ctx, name, obj, params)) {
          const page = recordsOf(ctx, list)
          if (obj.updatedAt) for (const raw of list) {
            const t = readPath(raw, obj.updatedAt)
            if (typeof t === 'string' || typeof t === 'number') newest = newer(newest, t)
          }
          yield { ...page, cursor: null }
        }
        // The position moves only after the last page: a walk that failed half-way is read again whole.
        yield { records: [], problems: [], cursor: changedSince ? position.encode({ since: newest }) : null }
      }
      return { complete: Object.keys(params).length === 0, pages: out() }
    },
    async read(ctx, ids) {
      if (!obj.get) return (await everything(ctx)).filter((r) => ids.includes(r.id))
      const out: SourceRecord[] = []
      for (const id of ids) {
        try {
          const answer = await ctx.client.request({ url: recordUrl(obj.get.path, id) })
          const record = toRecord(obj.get.answer ? readPath(answer, obj.get.answer) : answer)
          if (record) out.push(record)
        } catch (err) {
          if (!(err instanceof PatchbayError && err.meta.status === 404)) throw err
        }
      }
      return out
    },
    async findByKey(ctx, field, values, normalise) {
      const wanted = new Set(values.map(normalise))
      return (await everything(ctx)).filter((r) => wanted.has(normalise(field in r.fields ? r.fields[field] : r.id)))
    },
    // The records of a batch go out together; the connection's limiter keeps them to `rateLimit.atOnce`.
    write: (ctx, items) =>
      Promise.all(
        items.map((item) =>
          writeOne(ctx, item).catch((err: unknown): WriteOutcome => {
            if (!(err instanceof RecordError)) throw err
            return { ref: item.ref, ok: false, error: err }
          })
        )
      )
  }
}
