/**
 * Salesforce's REST API as data (DESIGN.md §8): the org's instance URL from the sign-in,
 * the pinned version in every path (`/services/data/v66.0`), error bodies as arrays of
 * `{message, errorCode}`, and its codes mapped to DESIGN §4 classes. Salesforce meters no
 * calls per second, only the org's rolling 24-hour allowance, which ./quota.ts watches from
 * `Sforce-Limit-Info`; the window below only keeps Patchbay polite.
 */
import { ConfigError } from '../../errors'
import type { HttpDescription } from '../platform'
import { HOLD_WAIT_MS } from './quota'
import type { SalesforceSettings } from './settings'

/** Salesforce's own words from an error body (`[{message, errorCode}]`) or an OAuth error. */
export function salesforceMessage(body: unknown): string | undefined {
  const first = Array.isArray(body) ? (body[0] as { message?: unknown } | undefined) : undefined
  if (first && typeof first.message === 'string') return first.message
  const oauth = body as { error_description?: unknown } | undefined
  return typeof oauth?.error_description === 'string' ? oauth.error_description : undefined
}

/** The start of the message when Salesforce refuses a getDeleted window (INVALID_REPLICATION_DATE). */
export const DELETES_GONE = 'Salesforce no longer lists the deletes this sync needs'

const RECONNECT = 'Reconnect Salesforce in Connections and sign in again; if that fails, check that your Connected App is still there and that your user may use it (Setup › App Manager › your app › Manage › Policies).'

/** Salesforce's HTTP description. */
export const SALESFORCE_HTTP: HttpDescription<SalesforceSettings> = {
  baseUrl: ({ settings, connectionId }) => {
    if (!settings.instanceUrl) throw new ConfigError('This Salesforce connection has not finished signing in', { connectionId, hint: 'Click Reconnect and sign in to Salesforce.' })
    return settings.instanceUrl
  },
  version: { value: (s) => s.apiVersion, in: 'path' },
  limits: { windows: [{ requests: 25, everyMs: 1000 }], concurrency: 4 },
  message: salesforceMessage,
  // Each answer is read for its code at `0.errorCode`; the first rule that matches wins.
  errors: [
    { status: 401, becomes: 'auth', message: 'Salesforce ended Patchbay’s session and did not renew it (HTTP 401){said}', hint: RECONNECT },
    { status: 403, codePath: '0.errorCode', codes: ['REQUEST_LIMIT_EXCEEDED'], becomes: 'rate-limit', waitMs: HOLD_WAIT_MS, message: "Salesforce's daily API allowance for this org is used up (HTTP 403){said}", hint: 'Salesforce counts calls over a rolling 24 hours; Patchbay tries again in an hour. Your Salesforce admin can see the use under Setup › Company Information.' },
    { status: 403, codePath: '0.errorCode', codes: ['API_DISABLED_FOR_ORG', 'API_CURRENTLY_DISABLED'], becomes: 'config', message: 'This Salesforce edition or user may not use the API (HTTP 403){said}', hint: 'API access comes with Enterprise, Unlimited, Developer and Performance editions (or as an add-on); the user who signs in needs the "API Enabled" permission.' },
    { status: 403, becomes: 'auth', message: 'Salesforce refused Patchbay access (HTTP 403){said}', hint: 'The Salesforce user who connected may lack permission to read or edit these records; sign in as a user who has it.' },
    { status: 400, codePath: '0.errorCode', codes: ['INVALID_REPLICATION_DATE'], becomes: 'config', message: `${DELETES_GONE}{said}`, hint: 'Patchbay reads everything again to find what was deleted.' },
    { status: 400, codePath: '0.errorCode', codes: ['INVALID_FIELD', 'INVALID_TYPE', 'MALFORMED_QUERY'], becomes: 'config', message: 'Salesforce does not know a field or object this sync uses (HTTP 400){said}', hint: 'Check the sync’s field mapping and the connection’s extra fields and external-id field: each must be a field API name on that object, such as Email or Patchbay_Key__c.' },
    { status: 404, becomes: 'config', message: 'Salesforce has no such address: {request} (HTTP 404){said}', hint: 'Reconnect Salesforce so Patchbay learns the org’s current address.' }
  ]
}
