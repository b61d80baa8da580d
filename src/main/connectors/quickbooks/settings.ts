/**
 * A QuickBooks connection's settings (not secrets): which company, sandbox or
 * production, and knobs tests use. The toolkit checks them once when the connection
 * opens, so a typo stops the sync with a message naming the setting.
 */
import { z } from 'zod'
import { MINOR_VERSION, QBO_BASE_URLS, QBO_THROTTLES } from './vendor'

/** The settings as stored; the toolkit turns a wrong one into a ConfigError naming it. */
export const quickbooksSettingsSchema = z.object({
  /** Intuit's company id, shown as "Company ID" in QuickBooks › Settings › Account and settings › Billing. */
  realmId: z.string().regex(/^\d{1,20}$/, 'the company (realm) id is a number, such as 9130357766412345; reconnect QuickBooks and it comes back with the sign-in'),
  /** @default 'production' */
  environment: z.enum(['production', 'sandbox']).default('production'),
  /** Replaces the sandbox or production address, e.g. a local fake in tests. */
  baseUrl: z.string().url('use a full address such as https://quickbooks.api.intuit.com').optional(),
  /** @default MINOR_VERSION */
  minorVersion: z.number().int().min(75, 'minor versions below 75 are retired').default(MINOR_VERSION),
  /** Items per batch call. @default 30 */
  batchItems: z.number().int().min(1).max(QBO_THROTTLES.batchItems).default(QBO_THROTTLES.batchItems),
  /**
   * Multiplies every throttle window and wait (1 = Intuit's real minute). Only tests and
   * benchmarks, whose fake shrinks its windows the same way, set it below 1.
   * @default 1
   */
  throttleScale: z.number().gt(0).max(1).default(1),
  /** Replaces Intuit's token endpoint, e.g. a local fake in tests. */
  tokenUrl: z.string().url().optional(),
  /** The redirect address registered on the user's own Intuit app. @default Intuit's OAuth Playground page */
  redirectUri: z.string().url().optional(),
  /** The accounting mapping, read by the `documents` object (see src/main/accounting/mapping.ts). */
  accounting: z.unknown().optional()
})

/** Settings after checking and defaults. */
export type QuickBooksSettings = z.infer<typeof quickbooksSettingsSchema>

/** The company's API root, e.g. https://quickbooks.api.intuit.com/v3/company/123. */
export function companyUrl(s: QuickBooksSettings): string {
  const base = (s.baseUrl ?? QBO_BASE_URLS[s.environment]).replace(/\/+$/, '')
  return `${base}/v3/company/${s.realmId}`
}
