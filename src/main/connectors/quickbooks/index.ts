/**
 * The QuickBooks Online connector, declared. Settings: `{ realmId, environment?, baseUrl?, … }`
 * (see ./settings.ts); secrets in the keychain: the business's own Intuit app keys
 * (`clientId`, `clientSecret`) and the tokens the sign-in produced (see ./auth.ts and
 * README.md). The HTTP side is data (./http.ts). Objects: the raw entities of
 * ./entities.ts, plus `documents`: the session hands its books (./books, the interface
 * of connectors/books.ts) to the accounting engine, which serves that object (see
 * accounting/with-books.ts); this folder never imports the engine.
 */
import { ConfigError } from '../../errors'
import type { ObjectAdapter, OpenContext } from '../types'
import { DOCUMENTS_OBJECT, type BooksHandle, type BooksSession } from '../books'
import { defineConnector, type ConnectorDeclaration, type DeclaredConnector, type DeclaredSession, type HttpTuning, type ObjectDeclaration } from '../platform'
import { createQuickBooksApi, type QuickBooksApi } from './api'
import { QBO_SECRET_NAMES, quickBooksAuth, secretTokenStore } from './auth'
import { ENTITIES } from './entities'
import { EntityAdapter, type SyncTokens } from './entity-adapter'
import { QuickBooksBooks } from './books'
import { QBO_HTTP } from './http'
import { quickbooksSettingsSchema, type QuickBooksSettings } from './settings'
import { INTUIT_OAUTH } from './vendor'
import { QUICKBOOKS_WIZARD } from './wizard'

/** What opening a QuickBooks session may also be given. */
export type QuickBooksOpenContext = OpenContext

/** The accounting object: payment systems' money (Stripe, Square) posted as QuickBooks transactions. */
export const DOCUMENTS = DOCUMENTS_OBJECT

/** What a QuickBooks session keeps: the API, the SyncTokens its reads saw, its adapters and its books. */
interface QuickBooksState {
  api: QuickBooksApi
  connectionId: string
  syncTokens: SyncTokens
  objects: Map<string, ObjectAdapter>
  books: () => BooksHandle
}

/** A QuickBooks session, with its API client exposed for tests, and its books for the accounting engine. */
export interface QuickBooksSession extends BooksSession, DeclaredSession<QuickBooksState> {
  readonly api: QuickBooksApi
}

function entityDeclaration(name: string): ObjectDeclaration<QuickBooksState> {
  return {
    label: name,
    key: 'Id',
    // Batch calls carry a `requestid`: Intuit answers a resend with the first answer.
    idempotency: { by: 'request-id' },
    build: (state) => {
      let adapter = state.objects.get(name)
      if (!adapter) state.objects.set(name, (adapter = new EntityAdapter(state.api, ENTITIES[name], state.syncTokens)))
      return adapter
    }
  }
}

/** `documents` is served by the accounting engine over the session's books (accounting/with-books.ts). */
const documentsDeclaration: ObjectDeclaration<QuickBooksState> = {
  label: 'Payments posted to the books',
  key: 'source_id',
  // Every posting carries the source record's id and is found again by it before anything is posted twice.
  idempotency: { by: 'external-id', field: 'source_id' },
  build: (state) => {
    throw new ConfigError('QuickBooks was opened without the accounting engine, so it cannot post documents', {
      connectionId: state.connectionId,
      hint: 'This is a fault in Patchbay: the connector must be registered through withBooks.'
    })
  }
}

/** QuickBooks Online (Intuit's Accounting API), declared. */
export const quickbooksDeclaration: ConnectorDeclaration<QuickBooksSettings, QuickBooksState, HttpTuning> = {
  system: 'quickbooks',
  catalogue: {
    label: 'QuickBooks Online',
    category: 'books',
    kind: 'Accounting',
    instructions: [
      'Create a free Intuit developer app for your business and paste its Client ID and Client Secret.',
      'Sign in to Intuit in your browser, pick your company and click Connect.',
      'Paste the address your browser landed on; Patchbay finishes the connection.'
    ],
    helpUrl: 'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0',
    inputs: [],
    templates: ['payments-accounting', 'sales-accounting-nightly'],
    wizard: QUICKBOOKS_WIZARD
  },
  auth: {
    kind: 'oauth2-own-app',
    secrets: QBO_SECRET_NAMES.map((name) => ({ name, pasted: name === 'clientId' || name === 'clientSecret' })),
    clientIdSecret: 'clientId',
    clientSecretSecret: 'clientSecret',
    // Intuit wants an https redirect that is not this machine: the owner pastes the address back.
    redirect: 'paste',
    authorizeUrl: INTUIT_OAUTH.authorizeUrl,
    tokenUrl: INTUIT_OAUTH.tokenUrl,
    scopes: [INTUIT_OAUTH.scope]
  },
  settings: quickbooksSettingsSchema,
  http: QBO_HTTP,
  // Bearer tokens refreshed with the owner's own app keys; Intuit rotates refresh tokens, saved back at once.
  authProvider: (ctx) =>
    quickBooksAuth(ctx.secrets, secretTokenStore(ctx.secrets, ctx.saveSecrets, ctx.noteSignInExpiry), ctx.settings.tokenUrl ?? INTUIT_OAUTH.tokenUrl),
  open: (ctx) => {
    const api = createQuickBooksApi(ctx.settings, ctx.http!)
    const connectionId = ctx.connection.id
    const syncTokens: SyncTokens = new Map()
    let books: BooksHandle | undefined
    return {
      api,
      connectionId,
      syncTokens,
      objects: new Map(),
      books: () => (books ??= { books: new QuickBooksBooks({ api, tokens: syncTokens, connectionId }), mapping: ctx.settings.accounting, connectionId, dataDir: ctx.dataDir, noteRecovery: ctx.noteRecovery })
    }
  },
  test: (state) => state.api.test(),
  objects: { ...Object.fromEntries(Object.keys(ENTITIES).map((name) => [name, entityDeclaration(name)])), [DOCUMENTS]: documentsDeclaration },
  // The session hands its books to the accounting engine, and its API to tests.
  extras: (state) => ({ api: state.api, books: state.books })
}

/** QuickBooks Online, as the registry holds it. */
export const quickbooksConnector: DeclaredConnector<QuickBooksSettings, QuickBooksState, HttpTuning> = defineConnector(quickbooksDeclaration)

/** Opens a session; throws a ConfigError for wrong settings and an AuthError for missing keys. */
export async function openQuickBooksSession(ctx: QuickBooksOpenContext): Promise<QuickBooksSession> {
  return (await quickbooksConnector.open(ctx)) as QuickBooksSession
}

export { QUICKBOOKS_WIZARD } from './wizard'
export { exchangeIntuitCode, intuitSignInUrl, readPastedRedirect, tokensToSecrets } from './auth'
export { QBO_THROTTLES, MINOR_VERSION } from './vendor'
