/**
 * A connector as one declaration (DESIGN.md §8): what differs between vendors is data —
 * catalogue words, auth kind and secrets, the HTTP description (base URL per region, pinned
 * version, paging, limits, retryable statuses, vendor codes → error classes), a settings
 * schema — plus the few functions only that vendor needs (how to open its objects, how to
 * test a connection). `defineConnector` (./define.ts) turns it into the engine's
 * `Connector`; the toolkit in this folder holds everything repeated between vendors.
 *
 * Shape learnt from Nango's `providers.yaml` (data) and `createSync` (code).
 */
import type { ZodType } from 'zod'
import type { ConnectWizard } from '../../../shared/contract'
import type { ErrorMeta, PatchbayError } from '../../errors'
import type { AuthProvider } from '../http/auth'
import type { HttpClient, HttpClientOptions } from '../http/client'
import type { HttpResponseLike } from '../http/classify'
import type { RateLimitHeaderNames } from '../http/headers'
import type { RateLimiter, RateLimits } from '../http/limiter'
import type { ChangeFeed, ConnectionTest, FieldInfo, ObjectAdapter, OpenContext, SourceRecord, WriteItem, WriteOutcome } from '../types'

/** What kind of system it is; the catalogue groups by it. */
export type SystemCategory = 'crm' | 'payments' | 'email' | 'books' | 'calendar' | 'shipping' | 'files'

/** One thing the owner types into the connect form (a setting, or a secret when `secret`). */
export interface CatalogueInput {
  /** The setting's or secret's name (`listId`, `apiKey`). */
  name: string
  label: string
  secret: boolean
  placeholder?: string
  /** Where to find it, in the vendor's words. */
  help?: string
}

/** How a system appears under Connections → Add. */
export interface CatalogueEntry {
  /** The name people know it by: "HubSpot", "CSV file". */
  label: string
  category: SystemCategory
  /** What it is, in a few words shown on the card: "CRM", "Email marketing". */
  kind: string
  /** What the owner pastes or signs in with, step by step, in the vendor's words. */
  instructions: string[]
  /** A vendor help page on where to find it. */
  helpUrl?: string
  /** The connect form's fields (settings and pasted secrets), in order. */
  inputs: CatalogueInput[]
  /** Ids of the templates (src/main/calls/templates.ts) this system appears in. @default [] */
  templates?: string[]
  /** A step-by-step wizard for systems that need more than a form (own-app OAuth). */
  wizard?: ConnectWizard
}

/** The auth kinds Patchbay knows; the generic sign-in flow switches on this. */
export type AuthKind = 'api-key' | 'oauth2-pkce-loopback' | 'oauth2-own-app' | 'basic' | 'none'

/** One secret a connection keeps in the keychain (account `connection:<id>`). */
export interface SecretDeclaration {
  /** Its name in the keychain entry (`accessToken`, `apiKey`, `refreshToken`). */
  name: string
  /** True when the owner pastes it (API keys, own-app client id/secret); false when sign-in stores it. */
  pasted: boolean
}

/** Where a pasted key travels on every request. */
export type KeyPlacement =
  | { header: string; prefix?: string }
  | { query: string }
  | { basic: 'username' | 'password'; other?: string }

/** OAuth 2 endpoints and scopes, shared by both OAuth kinds. */
export interface OAuthEndpoints {
  authorizeUrl: string
  tokenUrl: string
  revokeUrl?: string
  scopes: readonly string[]
  /** Extra parameters on the authorization URL (`access_type=offline`, `prompt=consent`). */
  authorizeParams?: Record<string, string>
}

/** How a connection signs in, what it keeps, and how the toolkit authenticates its requests. */
export type AuthDeclaration =
  | { kind: 'none'; secrets: readonly [] }
  | {
      kind: 'api-key'
      secrets: readonly SecretDeclaration[]
      /** The secret holding the key. */
      key: string
      sendAs: KeyPlacement
      /** A quick shape check before any request (`pat-…`, `…-us21`); words say what is wrong. */
      looksLike?: { pattern: RegExp; problem: string }
    }
  | { kind: 'basic'; secrets: readonly SecretDeclaration[]; username: string; password: string }
  | ({
      kind: 'oauth2-pkce-loopback'
      secrets: readonly SecretDeclaration[]
      /** A public client id Patchbay ships (no secret: RFC 8252 native app). */
      clientId: string
    } & OAuthEndpoints)
  | ({
      kind: 'oauth2-own-app'
      secrets: readonly SecretDeclaration[]
      /** The pasted secrets holding the owner's own app keys. */
      clientIdSecret: string
      clientSecretSecret: string
      /** `loopback`: 127.0.0.1 redirect; `paste`: the vendor demands https, the owner pastes the address back. */
      redirect: 'loopback' | 'paste'
    } & OAuthEndpoints)

/** How the pinned API version travels. */
export type VersionPlacement = { in: 'path' } | { in: 'header'; name: string } | { in: 'query'; name: string }

/** How a vendor marks the next page and where the marker lives, for ./paging.ts. */
export type PagingDescription =
  | { style: 'cursor'; cursorPath: string; itemsPath: string; param: string }
  | { style: 'offset'; itemsPath: string; totalPath?: string; start: number; maxCount: number; offsetParam: string; countParam: string }
  | { style: 'starting-after'; itemsPath: string; hasMorePath: string; maxLimit: number; param: string }
  | { style: 'page-token'; tokenPath: string; itemsPath: string; param: string }
  | { style: 'link-header'; itemsPath: string }

/** One window of a vendor's limit: `requests` per `everyMs`. Several chain (10 / s and 500 / min). */
export interface RateWindow {
  requests: number
  everyMs: number
}

/** A vendor's limits for one connection, as data. */
export interface LimitsDescription {
  /** Every window the vendor counts; a request must fit all of them. @default [] */
  windows: readonly RateWindow[]
  /** Requests in flight at once. @default 4 */
  concurrency?: number
  /** A daily quota, counted as a 24-hour window; `resetsAt` says when the vendor clears it. */
  daily?: { requests: number; resetsAt: 'midnight-utc' | 'rolling' }
  /** Headers that correct the pacing (remaining, limit, reset, Retry-After). */
  headers?: RateLimitHeaderNames
  /** Start at the first window's number, then adopt the limit a response announces in `headers.limit`. @default false */
  adoptAnnouncedLimit?: boolean
  /** Added to each window, because the vendor counts arrivals and we count departures. @default 5% of the window */
  marginMs?: number
  /** Wait after a 429 that names none (QuickBooks: 60 s); the limiter holds every request as long. @default 0 (back off) */
  defaultWaitMs?: number
  /**
   * For a lane: its requests also count against the main budget, after the lane's own
   * (QuickBooks' batch calls: 40 / min of their own, and within the company's 500 / min).
   * @default false
   */
  withinGeneral?: boolean
  /**
   * Separate budgets some endpoints are metered on (HubSpot search: 4 / s, apart from
   * the general window). A lane is its own chain; requests pick it by name.
   */
  lanes?: Readonly<Record<string, Omit<LimitsDescription, 'lanes'>>>
}

/** The §4 error class a vendor code maps to. */
export type ErrorClassName = 'auth' | 'rate-limit' | 'transient' | 'record' | 'config' | 'api-changed'

/** One vendor code → error class rule; the first rule that matches wins, before the status table. */
export interface VendorErrorRule<S = unknown> {
  /** HTTP status it applies to; any when absent. */
  status?: number
  /** Dot path of the vendor's code in the error body (`category`, `error.code`, `Fault.Error.0.code`). */
  codePath?: string
  /** Values of that code this rule matches; any value when absent (but the path must be present). */
  codes?: readonly string[]
  becomes: ErrorClassName
  /**
   * The message; `{said}` becomes `: <the vendor's own message>` when it sent one, and
   * `{request}` the request that got it ("GET /v1/charges").
   */
  message: string
  /** What the owner does next. */
  hint?: string
  /** For `rate-limit`: how long to wait. `midnight-utc` waits until the next UTC midnight; a function reads the settings. */
  waitMs?: number | 'midnight-utc' | ((settings: S) => number)
}

/** What the toolkit knows when it builds a connection's HTTP client. */
export interface HttpContext<S> {
  connectionId: string
  settings: S
  secrets: Record<string, string>
}

/** The vendor's API as data: the toolkit builds the connection's clients from it. */
export interface HttpDescription<S> {
  /** The root every path is under; a function where it depends on region, data centre or instance. */
  baseUrl: string | ((ctx: HttpContext<S>) => string)
  /** The pinned API version and how it is sent; `value` may come from settings. */
  version?: { value: string | ((settings: S) => string) } & VersionPlacement
  /** Pagination of list endpoints, read by ./paging.ts. */
  paging?: PagingDescription
  /** The limits; a function where the connection's settings (or its key: Stripe's test and live modes) set the numbers. */
  limits: LimitsDescription | ((settings: S, ctx: HttpContext<S>) => LimitsDescription)
  /** Statuses worth another attempt besides the toolkit's (429, 5xx, network). @default [] */
  retryable?: readonly number[]
  /** How an idempotency key travels. @default { header: 'Idempotency-Key' } */
  idempotency?: { header: string } | { query: string }
  /** Pulls the vendor's own message out of an error body. @default the toolkit's */
  message?: (body: unknown) => string | undefined
  /** Vendor codes → §4 classes, as data. */
  errors?: readonly VendorErrorRule<S>[]
  /** The rare exception data cannot say (checked after `errors`). */
  classify?: (res: HttpResponseLike, vendorMessage: string | undefined, meta: ErrorMeta, settings: S) => PatchbayError | undefined
  /** @default 30_000 */
  timeoutMs?: number
}

/** Knobs tests, the benchmark and the demo turn; production uses the defaults. */
export interface HttpTuning {
  retry?: HttpClientOptions['retry']
  timeoutMs?: number
  /** Overrides of the first window per lane ('general' is the main budget): e.g. a short window in tests. */
  limits?: Record<string, RateLimits>
  log?: OpenContext['log']
  /** Clock for quota waits. @default Date.now */
  now?: () => number
}

/** The connection's HTTP side as the toolkit built it. */
export interface ConnectionHttp {
  /** The client on the main budget. */
  client: HttpClient
  /** The client of a named lane (`lane('search')`); the main client for 'general'. */
  lane(name: string): HttpClient
  /** The version string, for vendors that put it in the path. */
  version?: string
  /** The limiter of the main budget, for stats. */
  limiter: RateLimiter
}

/** What `open` receives: settings already checked, secrets, and the HTTP side when declared. */
export interface OpenedContext<S, T extends HttpTuning = HttpTuning> extends OpenContext {
  settings: S
  /** Present when the declaration has an `http` description. */
  http?: ConnectionHttp
  tuning: T
}

/** How an object keeps a repeated create from making a second record (DESIGN §3 step 6). */
export type Idempotency =
  | { by: 'match-key' }
  | { by: 'upsert'; property: string }
  | { by: 'request-id' }
  | { by: 'client-id' }
  | { by: 'external-id'; field: string }
  | { by: 'rewrite' }

/** An object written as functions; the toolkit assembles the engine's `ObjectAdapter`. */
export interface ObjectFunctions<C> {
  fields(session: C): Promise<FieldInfo[]>
  listChanged(session: C, cursor: string | null): Promise<ChangeFeed>
  read(session: C, ids: string[]): Promise<SourceRecord[]>
  findByKey(session: C, field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]>
  /** Writes one batch of at most `maxBatch` items; the toolkit splits longer lists. */
  write(session: C, items: WriteItem[]): Promise<WriteOutcome[]>
  maxBatch: number
}

/** One kind of record a system offers. */
export interface ObjectDeclaration<C> {
  /** Shown in the mapping editor. */
  label?: string
  /** The system's id field (`id`, `hs_object_id`, the key column). */
  key: string
  idempotency: Idempotency
  /** The adapter, either assembled from functions or built by the vendor's own class. */
  build: ObjectFunctions<C> | ((session: C, name: string) => ObjectAdapter)
}

/** Everything about one system. */
export interface ConnectorDeclaration<S, C, T extends HttpTuning = HttpTuning> {
  /** The `system` a connection carries: `hubspot`. */
  system: string
  catalogue: CatalogueEntry
  auth: AuthDeclaration
  /** The connection's non-secret settings; a bad one is a ConfigError naming the field. */
  settings: ZodType<S>
  /** Checks across settings and secrets zod cannot (csv: `file` xor `folder`); throw Config/AuthError. */
  check?: (settings: S, secrets: Record<string, string>, connectionId: string) => void
  http?: HttpDescription<S>
  /** The provider for auth kinds the toolkit cannot build from data alone (OAuth refresh). */
  authProvider?: (ctx: OpenedContext<S, T>) => AuthProvider
  /** The session state the objects share (clients, catalogues); `ctx` has settings and HTTP. */
  open(ctx: OpenedContext<S, T>): Promise<C> | C
  /** "Test connection": what it checks, worded through the toolkit (./test-wording.ts). */
  test(session: C, ctx: OpenedContext<S, T>): Promise<ConnectionTest>
  objects: Readonly<Record<string, ObjectDeclaration<C>>>
  /**
   * Object names not fixed in advance (`members:<audience>`, a folder's files): which
   * declared object serves `name`; undefined → "no such object". @default exact names
   */
  objectFor?: (name: string, session: C) => string | undefined
  /** The objects a connection has right now, when they depend on it (a folder's files). */
  listObjects?: (session: C) => Promise<string[]>
  /** True when the object names are not known until a connection exists (csv). @default false */
  dynamicObjects?: boolean
  /**
   * The secrets a connection is asked for when they depend on its settings rather than the
   * catalogue (a described API's file names its own); connect and reconnect ask these
   * instead of the catalogue's secret inputs. @default the catalogue's
   */
  secretInputs?: (settings: S) => Promise<CatalogueInput[]>
  /**
   * Members the session carries besides the engine's (QuickBooks hands its books to the
   * accounting engine through `books()`). @default none
   */
  extras?: (session: C, ctx: OpenedContext<S, T>) => Record<string, unknown>
  /** Hook after the session closes. */
  close?: (session: C) => Promise<void>
}
