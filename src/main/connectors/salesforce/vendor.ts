/**
 * Salesforce's fixed facts, with where each comes from (the stand-in's FIDELITY.md has
 * the pages): the pinned REST API version, the login servers, the loopback redirect the
 * owner registers on their Connected App, and the numbers of the API.
 */

/**
 * The REST API version in every path. v66.0 is Spring '26, the newest release Salesforce's
 * REST API guide lists as generally available ("Latest") when this was written; Salesforce
 * keeps versions working for years and retires them with notice, so pinning one keeps
 * answers' shapes fixed until Patchbay moves on deliberately.
 */
export const SALESFORCE_API_VERSION = 'v66.0'

/** Production and sandbox login servers (a My Domain address also works). */
export const SALESFORCE_LOGIN = { production: 'https://login.salesforce.com', sandbox: 'https://test.salesforce.com' } as const

/**
 * The callback URL the owner puts on their Connected App. Salesforce matches it exactly,
 * port included, so the loopback listener uses this fixed port (RFC 8252 §7.3 loopback).
 */
export const SALESFORCE_CALLBACK = { port: 1717, path: '/OauthRedirect' } as const

/** The callback URL as the owner types it into the Connected App. */
export const SALESFORCE_CALLBACK_URL = `http://localhost:${SALESFORCE_CALLBACK.port}${SALESFORCE_CALLBACK.path}`

/** OAuth scopes: the REST API, and a refresh token so Patchbay keeps working unattended. */
export const SALESFORCE_SCOPES = ['api', 'refresh_token'] as const

/** sObject Collections take at most 200 records a call. */
export const COLLECTION_MAX = 200

/** getDeleted answers for no more than 15 days before the day of the call. */
export const DELETED_WINDOW_DAYS = 15

/** Query pages: Salesforce's largest batch (Sforce-Query-Options batchSize, 200–2,000). */
export const QUERY_BATCH_MAX = 2000
