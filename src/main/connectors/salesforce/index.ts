/**
 * The Salesforce connector, declared: contacts, leads and accounts of one org over the REST
 * API (`/services/data/v66.0`, pinned), signed in with the OAuth 2 web-server flow and PKCE
 * through the owner's own External Client App or Connected App (./auth.ts, ./wizard.ts).
 * Settings: ./settings.ts (the instance URL comes from the sign-in). Secrets in the keychain:
 * `clientId` (the Consumer Key), `clientSecret` (only if the app requires it), the tokens.
 *
 * Reads: SOQL on SystemModstamp plus getDeleted (./changes.ts); writes: sObject Collections
 * (./write.ts); the org's daily API allowance from `Sforce-Limit-Info` (./quota.ts).
 */
import { z } from 'zod'
import { connected, defineConnector, type ConnectorDeclaration, type DeclaredConnector, type DeclaredSession, type ObjectDeclaration } from '../platform'
import { salesforceApi, type SalesforceApi } from './api'
import { salesforceAuth, secretTokenStore, SF_SECRET_NAMES } from './auth'
import { SALESFORCE_HTTP } from './http'
import { objectFunctions } from './object'
import { SF_OBJECTS } from './objects'
import { salesforceSettingsSchema, type SalesforceSettings } from './settings'
import type { SalesforceTuning } from './tuning'
import { SALESFORCE_LOGIN, SALESFORCE_SCOPES } from './vendor'
import { oauthUrls } from './auth'
import { SALESFORCE_WIZARD } from './wizard'

const orgSchema = z.object({ records: z.array(z.object({ Id: z.string(), Name: z.string() }).passthrough()) })

function objectDeclaration(name: string): ObjectDeclaration<SalesforceApi> {
  const spec = SF_OBJECTS[name]
  return {
    label: `${spec.noun[0].toUpperCase()}${spec.noun.slice(1)}s`,
    key: 'Id',
    // New records are found again by the sync's match key (email) before anything is created twice;
    // with an external-id field named in the settings, creates are upserts on it as well.
    idempotency: { by: 'match-key' },
    build: objectFunctions(spec)
  }
}

const n = (v: number): string => v.toLocaleString('en-US')

/** Salesforce, declared. */
export const salesforceDeclaration: ConnectorDeclaration<SalesforceSettings, SalesforceApi, SalesforceTuning> = {
  system: 'salesforce',
  catalogue: {
    label: 'Salesforce',
    category: 'crm',
    kind: 'CRM',
    instructions: [
      'In Salesforce Setup, create an External Client App (or use a Connected App) named "Patchbay" with OAuth on, the callback URL Patchbay shows, the scopes api and refresh_token, and PKCE required.',
      'Paste its Consumer Key into Patchbay.',
      'Sign in to Salesforce in your browser and click Allow; Patchbay finishes the connection by itself.'
    ],
    helpUrl: 'https://help.salesforce.com/s/articleView?id=xcloud.create_a_local_external_client_app.htm',
    inputs: [],
    templates: ['salesforce-mailchimp', 'form-to-salesforce'],
    wizard: SALESFORCE_WIZARD
  },
  auth: {
    kind: 'oauth2-own-app',
    secrets: SF_SECRET_NAMES.map((name) => ({ name, pasted: name === 'clientId' || name === 'clientSecret' })),
    clientIdSecret: 'clientId',
    clientSecretSecret: 'clientSecret',
    // Salesforce takes a localhost callback, matched exactly: the browser comes back by itself.
    redirect: 'loopback',
    ...oauthUrls(SALESFORCE_LOGIN.production),
    scopes: SALESFORCE_SCOPES
  },
  settings: salesforceSettingsSchema,
  http: SALESFORCE_HTTP,
  authProvider: (ctx) => salesforceAuth(ctx.secrets, secretTokenStore(ctx.secrets, ctx.saveSecrets), ctx.settings.loginUrl),
  open: (ctx) => salesforceApi(ctx, ctx.http!.client),
  async test(api) {
    const org = await api.request({ url: `${api.root}/query`, params: { q: 'SELECT Id, Name FROM Organization LIMIT 1' }, schema: orgSchema })
    const usage = api.usage()
    return connected(org.records[0]?.Name, usage ? ` (${n(usage.used)} of ${n(usage.limit)} daily API calls used)` : undefined)
  },
  objects: Object.fromEntries(Object.keys(SF_OBJECTS).map((name) => [name, objectDeclaration(name)]))
}

/** A Salesforce session: its state is the API. */
export type SalesforceSession = DeclaredSession<SalesforceApi>

/** Salesforce, as the registry holds it. */
export const salesforceConnector: DeclaredConnector<SalesforceSettings, SalesforceApi, SalesforceTuning> = defineConnector(salesforceDeclaration)

/** A Salesforce connector with tuned retries and clocks (tests, the benchmark, the demo). */
export function createSalesforceConnector(tuning: SalesforceTuning = {}): DeclaredConnector<SalesforceSettings, SalesforceApi, SalesforceTuning> {
  return salesforceConnector.tuned(tuning)
}

export { startSalesforceSignIn, type SalesforceSignIn, type SalesforceSignInResult } from './auth'
export { SALESFORCE_API_VERSION, SALESFORCE_CALLBACK, SALESFORCE_CALLBACK_URL, SALESFORCE_LOGIN } from './vendor'
export { SALESFORCE_WIZARD } from './wizard'
export { readLimitInfo, type ApiUsage } from './quota'
export type { SalesforceSettings } from './settings'
export type { SalesforceTuning } from './tuning'
