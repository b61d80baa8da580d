/**
 * The toy "Notebook" connector: everything a new system needs, in one declaration — its
 * catalogue words, an API key, settings, the HTTP description (base URL, cursor paging,
 * limits, error codes) and one object written as functions.
 */
import { z } from 'zod'
import { connected, cursorCodec, defineConnector, itemsOf, pages, type ConnectorDeclaration, type ObjectFunctions } from '../../../src/main/connectors/platform'
import type { HttpClient } from '../../../src/main/connectors/http'
import type { SourceRecord, WriteOutcome } from '../../../src/main/connectors/types'
import { RecordError } from '../../../src/main/errors'

const settings = z.object({ baseUrl: z.url(), pageSize: z.number().int().min(1).max(100).default(2) })
type Settings = z.infer<typeof settings>
interface Toy {
  client: HttpClient
  settings: Settings
}
interface Rec {
  id: string
  email: string
  name: string
  seq: number
}

const paging = { style: 'cursor', cursorPath: 'paging.next', itemsPath: 'results', param: 'after' } as const
const position = cursorCodec('Notebook', z.object({ since: z.number().int() }))
const toRecord = (r: Rec): SourceRecord => ({ id: r.id, fields: { email: r.email, name: r.name } })

async function* walk(toy: Toy, since: number): AsyncGenerator<Rec[]> {
  for await (const page of pages(paging, async (p) => toy.client.send({ url: '/records', params: { since, ...p.params } }), { pageSize: toy.settings.pageSize, sizeParam: 'limit' })) {
    yield itemsOf<Rec>(paging, page.data)
  }
}

async function everything(toy: Toy): Promise<Rec[]> {
  const all: Rec[] = []
  for await (const list of walk(toy, 0)) all.push(...list)
  return all
}

const records: ObjectFunctions<Toy> = {
  maxBatch: 10,
  fields: async () => [{ name: 'email', type: 'email' }, { name: 'name' }],
  async listChanged(toy, cursor) {
    const since = cursor === null ? 0 : position.decode(cursor).since
    async function* out() {
      let newest = since
      for await (const list of walk(toy, since)) {
        for (const r of list) newest = Math.max(newest, r.seq)
        yield { records: list.map(toRecord), problems: [], cursor: null }
      }
      yield { records: [], problems: [], cursor: position.encode({ since: newest }) }
    }
    return { complete: cursor === null, pages: out() }
  },
  read: async (toy, ids) => (await everything(toy)).filter((r) => ids.includes(r.id)).map(toRecord),
  async findByKey(toy, field, values, normalise) {
    const wanted = new Set(values.map(normalise))
    return (await everything(toy)).filter((r) => wanted.has(normalise((r as unknown as Record<string, unknown>)[field]))).map(toRecord)
  },
  async write(toy, items) {
    const out: WriteOutcome[] = []
    for (const item of items) {
      try {
        if (item.op === 'create') out.push({ ref: item.ref, ok: true, id: (await toy.client.request<Rec>({ method: 'POST', url: '/records', data: item.fields })).id })
        else if (item.op === 'update') out.push({ ref: item.ref, ok: true, id: (await toy.client.request<Rec>({ method: 'PATCH', url: `/records/${item.id}`, data: item.fields })).id })
        else out.push({ ref: item.ref, ok: true, id: (await toy.client.request({ method: 'DELETE', url: `/records/${item.id}` }), item.id) })
      } catch (err) {
        if (!(err instanceof RecordError)) throw err
        out.push({ ref: item.ref, ok: false, error: err })
      }
    }
    return out
  }
}

/** The toy system, declared. */
export const toyDeclaration: ConnectorDeclaration<Settings, Toy> = {
  system: 'notebook',
  catalogue: {
    label: 'Notebook',
    category: 'crm',
    kind: 'Address book',
    instructions: ['Open Notebook → Settings → API and copy the key.'],
    inputs: [{ name: 'apiKey', label: 'API key', secret: true, placeholder: 'toy-key-…' }]
  },
  auth: { kind: 'api-key', secrets: [{ name: 'apiKey', pasted: true }], key: 'apiKey', sendAs: { header: 'X-Toy-Key' } },
  settings,
  http: {
    baseUrl: ({ settings: s }) => s.baseUrl,
    paging,
    limits: { windows: [{ requests: 50, everyMs: 1000 }], concurrency: 2 },
    errors: [{ status: 401, becomes: 'auth', message: 'Notebook did not accept the API key{said}', hint: 'Paste the key from Notebook → Settings → API again.' }]
  },
  open: (ctx) => ({ client: ctx.http!.client, settings: ctx.settings }),
  test: async (toy) => connected((await toy.client.request<{ name: string }>({ url: '/account' })).name),
  objects: { records: { key: 'id', idempotency: { by: 'match-key' }, build: records } }
}

/** The toy connector. */
export const toyConnector = defineConnector(toyDeclaration)
