/**
 * The HubSpot connector: CRM contacts and companies over HubSpot's date-versioned API
 * (`/crm/objects/2026-03/...`), authenticated with a private app's access token (secret
 * `accessToken`). Settings: see `HubspotSettings` (base URL, API version, budgets).
 *
 * Reads: a full list on the first run, then search on the last-modified property with a
 * key walk (see ./search.ts) plus archived records as tombstones. Writes: the batch
 * endpoints, 100 inputs a call, with per-record outcomes from 207 Multi-Status answers.
 */
import { ConfigError } from '../../errors'
import type { Connector, ConnectorSession, OpenContext } from '../types'
import { createHubspotApi, type HubspotTuning } from './api'
import { HubspotObject } from './object'
import { HUBSPOT_OBJECTS } from './objects'
import { readHubspotSettings } from './settings'
import { testHubspotConnection } from './test-connection'

/** Name of the secret holding the private app's access token. */
export const HUBSPOT_TOKEN_SECRET = 'accessToken'

/** A HubSpot session: its objects are `HubspotObject`s. */
export interface HubspotSession extends ConnectorSession {
  object(name: string): HubspotObject
}

/** Opens a HubSpot session; no request is made until the engine asks for data. */
export async function openHubspotSession(ctx: OpenContext, tuning: HubspotTuning = {}): Promise<HubspotSession> {
  const { connection } = ctx
  const settings = readHubspotSettings(connection)
  const api = createHubspotApi(connection.id, ctx.secrets[HUBSPOT_TOKEN_SECRET] ?? '', settings, { ...tuning, log: tuning.log ?? ctx.log })
  const objects = new Map<string, HubspotObject>()
  return {
    object(name) {
      const spec = HUBSPOT_OBJECTS[name]
      if (!spec) {
        throw new ConfigError(`HubSpot has no object "${name}" that Patchbay can sync`, {
          connectionId: connection.id,
          hint: `Pick one of: ${Object.keys(HUBSPOT_OBJECTS).join(', ')}.`
        })
      }
      let object = objects.get(name)
      if (!object) objects.set(name, (object = new HubspotObject(api, spec)))
      return object
    },
    test: () => testHubspotConnection(api)
  }
}

/** A HubSpot connector with tuned limits and retries (tests, the benchmark, the demo). */
export function createHubspotConnector(tuning: HubspotTuning = {}): Connector {
  return {
    system: 'hubspot',
    label: 'HubSpot',
    objects: Object.keys(HUBSPOT_OBJECTS),
    open: (ctx) => openHubspotSession(ctx, tuning)
  }
}

/** The HubSpot connector as the app registers it. */
export const hubspotConnector: Connector = createHubspotConnector()

export { HUBSPOT_API_VERSION, type HubspotSettings } from './settings'
export { HUBSPOT_OBJECTS, type HubspotObjectSpec } from './objects'
export type { HubspotTuning } from './api'
export { HubspotObject } from './object'
