/**
 * The QuickBooks Online connector. Settings: `{ realmId, environment?, baseUrl?, … }`
 * (see ./settings.ts); secrets in the keychain: the business's own Intuit app keys
 * (`clientId`, `clientSecret`) and the tokens the sign-in produced (see ./auth.ts and
 * README.md). Objects: the raw entities of ./entities.ts, plus `documents`: the session
 * hands its books (./books, the interface of connectors/books.ts) to the accounting
 * engine, which serves that object (see accounting/with-books.ts); this folder never
 * imports the engine.
 */
import { ConfigError } from '../../errors'
import type { Connector, ObjectAdapter, OpenContext } from '../types'
import { DOCUMENTS_OBJECT, type BooksHandle, type BooksSession } from '../books'
import { createQuickBooksApi, type QuickBooksApi } from './api'
import { quickBooksAuth, secretTokenStore } from './auth'
import { ENTITIES } from './entities'
import { EntityAdapter, type SyncTokens } from './entity-adapter'
import { QuickBooksBooks } from './books'
import { readQuickBooksSettings } from './settings'
import { INTUIT_OAUTH } from './vendor'

/** What opening a QuickBooks session may also be given. */
export interface QuickBooksOpenContext extends OpenContext {
  /** Writes changed secrets (Intuit rotates refresh tokens) back to the keychain. */
  saveSecrets?(patch: Record<string, string>): Promise<void>
}

/** The accounting object: Stripe money posted as QuickBooks transactions. */
export const DOCUMENTS = DOCUMENTS_OBJECT

/** A QuickBooks session, with its API client exposed for tests, and its books for the accounting engine. */
export interface QuickBooksSession extends BooksSession {
  readonly api: QuickBooksApi
}

/** Opens a session; throws a ConfigError for wrong settings and an AuthError for missing keys. */
export async function openQuickBooksSession(ctx: QuickBooksOpenContext): Promise<QuickBooksSession> {
  const connectionId = ctx.connection.id
  const settings = readQuickBooksSettings(ctx.connection)
  const tokens = secretTokenStore(ctx.secrets, ctx.saveSecrets, ctx.noteSignInExpiry)
  const auth = quickBooksAuth(ctx.secrets, tokens, settings.tokenUrl ?? INTUIT_OAUTH.tokenUrl)
  const api = createQuickBooksApi({ settings, auth, connectionId, log: ctx.log })
  const syncTokens: SyncTokens = new Map()
  const objects = new Map<string, ObjectAdapter>()
  let books: BooksHandle | undefined
  return {
    api,
    books() {
      books ??= { books: new QuickBooksBooks({ api, tokens: syncTokens, connectionId }), mapping: settings.accounting, connectionId, dataDir: ctx.dataDir }
      return books
    },
    object(name) {
      let adapter = objects.get(name)
      if (adapter) return adapter
      const spec = ENTITIES[name]
      if (name === DOCUMENTS) {
        throw new ConfigError('QuickBooks was opened without the accounting engine, so it cannot post documents', { connectionId, hint: 'This is a fault in Patchbay: the connector must be registered through withBooks.' })
      }
      if (spec) adapter = new EntityAdapter(api, spec, syncTokens)
      else throw new ConfigError(`QuickBooks has no object called "${name}"`, { connectionId, hint: `Pick one of: ${quickbooksConnector.objects.join(', ')}.` })
      objects.set(name, adapter)
      return adapter
    },
    test: () => api.test()
  }
}

/** QuickBooks Online (Intuit's Accounting API). */
export const quickbooksConnector: Connector = {
  system: 'quickbooks',
  label: 'QuickBooks Online',
  objects: [...Object.keys(ENTITIES), DOCUMENTS],
  open: openQuickBooksSession
}

export { QUICKBOOKS_WIZARD } from './wizard'
export { exchangeIntuitCode, intuitSignInUrl, readPastedRedirect, tokensToSecrets } from './auth'
export { QBO_THROTTLES, MINOR_VERSION } from './vendor'
