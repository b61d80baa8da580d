/**
 * QuickBooks Online facts as data: addresses, the pinned minor version, published
 * throttles and the fault codes Patchbay reacts to. Sources are in
 * src/main/stand-ins/quickbooks/FIDELITY.md; the fake reads the same numbers so the two cannot drift.
 */

/** Base URLs of the Accounting API (the realm id follows `/v3/company/`). */
export const QBO_BASE_URLS = {
  production: 'https://quickbooks.api.intuit.com',
  sandbox: 'https://sandbox-quickbooks.api.intuit.com'
} as const

/** Intuit's OAuth 2 endpoints (the same for sandbox and production). */
export const INTUIT_OAUTH = {
  authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  scope: 'com.intuit.quickbooks.accounting',
  /**
   * A redirect page Intuit registers on every developer app for its OAuth Playground.
   * After sign-in the browser shows `code`, `state` and `realmId` in its address bar.
   */
  playgroundRedirect: 'https://developer.intuit.com/v2/OAuth2Playground/RedirectUrl'
} as const

/**
 * The `minorversion` sent on every call. Intuit retired 1–74 and serves 75 by default
 * (VENDORS.md); pinning it keeps field shapes stable when the default moves.
 */
export const MINOR_VERSION = 75

/** Published limits per company (realm) and app. */
export const QBO_THROTTLES = {
  requestsPerMinute: 500,
  requestsPerSecond: 10,
  concurrent: 10,
  batchCallsPerMinute: 40,
  /** Items per batch call: Intuit's limits page recommends 30 at most. */
  batchItems: 30,
  /** Intuit asks for a 60 s wait after a 429. */
  waitAfter429Ms: 60_000,
  /** Objects one Change Data Capture answer holds, and how far back it looks. */
  cdcMaxObjects: 1000,
  cdcLookbackDays: 30,
  /** Rows a query page may ask for. */
  queryMaxResults: 1000
} as const

/** Fault codes with a meaning of their own. */
export const FAULT_CODES = {
  /** The SyncToken sent is not the latest: someone changed the object since we read it. */
  staleObject: '5010',
  /** "Account Period Closed, Cannot Update Through Services API" (Intuit's pages show 6200 and 6210). */
  periodClosed: ['6200', '6210'],
  /** DocNumber already used by another transaction of the type. */
  duplicateDocNumber: '6140',
  /** DisplayName already used by another customer, vendor or employee (inactive ones too). */
  duplicateName: '6240',
  /** A referenced object does not exist or was made inactive. */
  objectNotFound: '610',
  /** A property the API does not know. */
  unsupportedProperty: '2010',
  authentication: '3200',
  throttled: '3001'
} as const
