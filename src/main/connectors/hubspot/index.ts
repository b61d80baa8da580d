/**
 * The HubSpot connector: CRM contacts and companies over HubSpot's date-versioned API
 * (`/crm/objects/2026-03/...`), authenticated with a private app's access token (secret
 * `accessToken`). Settings: see `HubspotSettings` (base URL, API version, budgets).
 *
 * Reads: a full list on the first run, then search on the last-modified property with a
 * key walk (see ./search.ts) plus archived records as tombstones. Writes: the batch
 * endpoints, 100 inputs a call, with per-record outcomes from 207 Multi-Status answers.
 */
import type { ConnectorDeclaration, DeclaredConnector, DeclaredSession, ObjectDeclaration } from '../platform'
import { defineConnector } from '../platform'
import { hubspotApi, toHttpTuning, type HubspotApi, type HubspotHttpTuning, type HubspotTuning } from './api'
import { hubspotMessage } from './errors'
import { HUBSPOT_HTTP } from './http'
import { HubspotObject } from './object'
import { HUBSPOT_OBJECTS } from './objects'
import { hubspotSettingsSchema, type HubspotSettings } from './settings'
import { testHubspotConnection } from './test-connection'

/** Name of the secret holding the private app's access token. */
export const HUBSPOT_TOKEN_SECRET = 'accessToken'

/** What a HubSpot session keeps: the API and one adapter per object. */
interface HubspotState {
  api: HubspotApi
  objects: Map<string, HubspotObject>
}

function objectDeclaration(name: string): ObjectDeclaration<HubspotState> {
  const spec = HUBSPOT_OBJECTS[name]
  return {
    label: spec.noun,
    key: 'hs_object_id',
    // Contacts are created through batch upsert on email, so a repeat is harmless; companies are found again by match key.
    idempotency: spec.uniqueKey ? { by: 'upsert', property: spec.uniqueKey } : { by: 'match-key' },
    build: (state) => {
      let object = state.objects.get(name)
      if (!object) state.objects.set(name, (object = new HubspotObject(state.api, spec)))
      return object
    }
  }
}

/** HubSpot, declared. */
export const hubspotDeclaration: ConnectorDeclaration<HubspotSettings, HubspotState, HubspotHttpTuning> = {
  system: 'hubspot',
  catalogue: {
    label: 'HubSpot',
    category: 'crm',
    kind: 'CRM',
    instructions: [
      'In HubSpot, click the settings gear, then Integrations → Private Apps.',
      'Create a private app named "Patchbay" with the scopes crm.objects.contacts.read and crm.objects.contacts.write (and the companies scopes if you sync companies).',
      'Copy the access token it shows and paste it below.'
    ],
    helpUrl: 'https://developers.hubspot.com/docs/api/private-apps',
    inputs: [{ name: HUBSPOT_TOKEN_SECRET, label: 'Private app access token', secret: true, placeholder: 'pat-eu1-…', help: 'Settings → Integrations → Private Apps → your app → Auth → Show token. It starts with pat-.' }],
    templates: ['form-to-crm', 'crm-email']
  },
  auth: { kind: 'api-key', secrets: [{ name: HUBSPOT_TOKEN_SECRET, pasted: true }], key: HUBSPOT_TOKEN_SECRET, sendAs: { header: 'Authorization', prefix: 'Bearer ' } },
  settings: hubspotSettingsSchema,
  http: { ...HUBSPOT_HTTP, message: hubspotMessage },
  open: (ctx) => ({ api: hubspotApi(ctx), objects: new Map() }),
  test: (state) => testHubspotConnection(state.api),
  objects: Object.fromEntries(Object.keys(HUBSPOT_OBJECTS).map((name) => [name, objectDeclaration(name)]))
}

/** A HubSpot session: its objects are `HubspotObject`s. */
export interface HubspotSession extends DeclaredSession<HubspotState> {
  object(name: string): HubspotObject
}

/** The HubSpot connector as the app registers it. */
export const hubspotConnector: DeclaredConnector<HubspotSettings, HubspotState, HubspotHttpTuning> = defineConnector(hubspotDeclaration)

/** A HubSpot connector with tuned limits and retries (tests, the benchmark, the demo). */
export function createHubspotConnector(tuning: HubspotTuning = {}): DeclaredConnector<HubspotSettings, HubspotState, HubspotHttpTuning> {
  return hubspotConnector.tuned(toHttpTuning(tuning))
}

export { HUBSPOT_API_VERSION, type HubspotSettings } from './settings'
export { HUBSPOT_OBJECTS, type HubspotObjectSpec } from './objects'
export type { HubspotTuning } from './api'
export { HubspotObject } from './object'
