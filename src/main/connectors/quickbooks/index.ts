/**
 * The QuickBooks Online connector. Settings: `{ realmId, environment?, baseUrl?, … }`
 * (see ./settings.ts); secrets in the keychain: the business's own Intuit app keys
 * (`clientId`, `clientSecret`) and the tokens the sign-in produced (see ./auth.ts and
 * README.md). Objects: the raw entities of ./entities.ts, plus `documents`, the
 * accounting adapter of src/main/accounting that turns payments into books.
 */
import { ConfigError } from '../../errors'
import type { Connector, ConnectorSession, ObjectAdapter, OpenContext } from '../types'
import { createQuickBooksApi, type QuickBooksApi } from './api'
import { quickBooksAuth, secretTokenStore } from './auth'
import { ENTITIES } from './entities'
import { EntityAdapter, type SyncTokens } from './entity-adapter'
import { readQuickBooksSettings } from './settings'
import { DocumentsAdapter } from '../../accounting/documents'
import { INTUIT_OAUTH } from './vendor'

/** What opening a QuickBooks session may also be given. */
export interface QuickBooksOpenContext extends OpenContext {
  /** Writes changed secrets (Intuit rotates refresh tokens) back to the keychain. */
  saveSecrets?(patch: Record<string, string>): Promise<void>
}

/** The accounting object: Stripe money posted as QuickBooks transactions. */
export const DOCUMENTS = 'documents'

/** A QuickBooks session, with its API client exposed for the accounting adapter and tests. */
export interface QuickBooksSession extends ConnectorSession {
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
  return {
    api,
    object(name) {
      let adapter = objects.get(name)
      if (adapter) return adapter
      const spec = ENTITIES[name]
      if (name === DOCUMENTS) adapter = new DocumentsAdapter({ api, tokens: syncTokens, mapping: settings.accounting, connectionId, dataDir: ctx.dataDir })
      else if (spec) adapter = new EntityAdapter(api, spec, syncTokens)
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
