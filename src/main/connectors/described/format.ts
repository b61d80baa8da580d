/**
 * The description of a simple REST system, as an owner (or whoever set the system up)
 * writes it in a YAML or JSON file: where the API is, how it signs in, how its lists page
 * and ask for changes, its record endpoints, where each field lives in the JSON, and its
 * rate limit. Every object is strict, so a typo is an error naming the field rather than
 * something silently ignored, and a description never holds a key: it names the secret,
 * which the owner pastes when connecting and Patchbay keeps in the keychain.
 *
 * docs/described-api.md explains the format to owners, with a full example.
 */
import { z } from 'zod'

/** A dot path into a JSON answer: `data.items`, `name.first`, `phones.0.number`. */
const jsonPath = z
  .string({ error: 'write a path such as "data.items" or "email"' })
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'write a path such as "data.items" or "email" (names joined by dots, no spaces)')

/** A path under the base URL: `/contacts`, `/contacts/{id}`. */
const urlPath = z.string({ error: 'write the path under the base URL, such as "/contacts"' }).startsWith('/', 'start with "/", such as "/contacts"')
const recordPath = urlPath.refine((p) => p.includes('{id}'), 'put {id} where the record key goes, such as "/contacts/{id}"')

/** The name of a secret the connection keeps in the keychain (never the secret itself). */
const secretName = z
  .string({ error: 'name the secret (such as "apiKey"); the key itself is pasted when you connect, never written here' })
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'name the secret with letters, digits and _ (such as "apiKey"); the key itself is pasted when you connect, never written here')

const paramName = z.string().min(1, 'name the query parameter').max(100)
const pageSize = z.number().int('use a whole number').min(1).max(1000)

const auth = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('api-key'),
      /** The header that carries the key, such as X-Api-Key. */
      header: z.string().min(1, 'name the header that carries the key, such as "X-Api-Key"'),
      /** Text before the key in the header, such as "Token ". @default '' */
      prefix: z.string().optional(),
      secret: secretName
    }),
    z.strictObject({ kind: z.literal('bearer'), secret: secretName }),
    z.strictObject({ kind: z.literal('basic'), username: secretName, password: secretName }),
    z.strictObject({ kind: z.literal('none') })
  ],
  { error: 'say how the system signs in: kind is one of api-key, bearer, basic or none' }
)

const paging = z.discriminatedUnion(
  'style',
  [
    z.strictObject({ style: z.literal('none') }),
    z.strictObject({
      style: z.literal('page-number'),
      /** @default 'page' */
      param: paramName.default('page'),
      sizeParam: paramName.optional(),
      /** Records a full page holds; a shorter page is the last. @default 50 */
      size: pageSize.default(50),
      /** @default 1 */
      first: z.number().int().min(0).default(1)
    }),
    z.strictObject({
      style: z.literal('offset'),
      /** @default 'offset' */
      param: paramName.default('offset'),
      /** @default 'limit' */
      sizeParam: paramName.default('limit'),
      size: pageSize.default(50),
      /** Where the answer says how many records there are in all. */
      total: jsonPath.optional()
    }),
    z.strictObject({
      style: z.literal('cursor'),
      /** The query parameter that carries the cursor. */
      param: paramName,
      /** Where the answer gives the next page's cursor (absent or empty on the last page). */
      next: jsonPath,
      sizeParam: paramName.optional(),
      size: pageSize.optional()
    }),
    z.strictObject({
      style: z.literal('next-link'),
      /** Where the answer gives the address of the next page. */
      next: jsonPath,
      sizeParam: paramName.optional(),
      size: pageSize.optional()
    }),
    z.strictObject({ style: z.literal('link-header'), sizeParam: paramName.optional(), size: pageSize.optional() })
  ],
  { error: 'style is one of none, page-number, offset, cursor, next-link or link-header' }
)

const list = z.strictObject({
  path: urlPath,
  /** Where the list of records is in the answer; absent when the answer is the list itself. */
  items: jsonPath.optional(),
  /** Fixed query parameters sent with every list request. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  paging: paging.default({ style: 'none' }),
  /** The query parameter that asks for records changed since a time; the time sent is the newest `updatedAt` seen. */
  changedSince: z.strictObject({ param: paramName }).optional()
})

const method = (allowed: [string, ...string[]], fallback: string) =>
  z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(allowed, { error: `use ${allowed.join(' or ')}` }))
    .default(fallback)

const write = (path: typeof urlPath | typeof recordPath, allowed: [string, ...string[]], fallback: string) =>
  z.strictObject({
    path,
    method: method(allowed, fallback),
    /** Sends the fields inside this key (`{ "contact": { … } }`). @default the fields at the top */
    wrap: jsonPath.optional(),
    /** Where the saved record is in the answer. @default the whole answer */
    answer: jsonPath.optional()
  })

const fieldType = z.enum(['string', 'number', 'boolean', 'date', 'email', 'phone'], { error: 'type is one of string, number, boolean, date, email or phone' })
const field = z.union([jsonPath, z.strictObject({ path: jsonPath, type: fieldType.optional() })], {
  error: 'give the path of the field in each record (such as "name.first"), or { path, type }'
})

const object = z
  .strictObject({
    /** Shown in the mapping editor. @default the object's name */
    label: z.string().optional(),
    /** Where each record's key (its id on the system) is. */
    key: jsonPath,
    /** Where each record's last-change time is; needed by `list.changedSince`. */
    updatedAt: jsonPath.optional(),
    /** Patchbay's name for each field → where it is in a record. */
    fields: z.record(z.string().min(1), field).refine((f) => Object.keys(f).length > 0, 'list at least one field'),
    list,
    get: z.strictObject({ path: recordPath, answer: jsonPath.optional() }).optional(),
    create: write(urlPath, ['POST', 'PUT'], 'POST').optional(),
    update: write(recordPath, ['PATCH', 'PUT', 'POST'], 'PATCH').optional(),
    delete: z.strictObject({ path: recordPath, method: method(['DELETE', 'POST'], 'DELETE') }).optional()
  })
  .superRefine((o, ctx) => {
    if (o.list.changedSince && !o.updatedAt) {
      ctx.addIssue({ code: 'custom', path: ['updatedAt'], message: 'list.changedSince needs updatedAt: the path of each record’s last-change time' })
    }
  })

/** The whole description. */
export const descriptionSchema = z.strictObject({
  /** The system's name in messages: "Till". */
  name: z.string({ error: 'give the system’s name, such as "Till"' }).min(1, 'give the system’s name, such as "Till"').max(60),
  baseUrl: z.url({ protocol: /^https?$/, error: 'give the address every path is under, such as "https://till.example.com/api"' }),
  auth,
  rateLimit: z
    .strictObject({
      requests: z.number().int('use a whole number').min(1),
      perSeconds: z.number().positive(),
      /** Requests in flight at once. @default 2 */
      atOnce: z.number().int().min(1).max(16).default(2)
    })
    .default({ requests: 5, perSeconds: 1, atOnce: 2 }),
  objects: z
    .record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'name objects in lower-case letters, digits, - and _'), object)
    .refine((o) => Object.keys(o).length > 0, 'describe at least one object, such as contacts')
})

/** A checked description. */
export type Description = z.infer<typeof descriptionSchema>
/** One object of a checked description. */
export type DescribedObject = Description['objects'][string]
/** How one object's list pages. */
export type DescribedPaging = DescribedObject['list']['paging']
