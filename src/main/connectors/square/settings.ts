/**
 * What a Square connection is made of: one business's access token (keychain secret
 * `accessToken`), the pinned `Square-Version`, production or sandbox, and how far back
 * the first read goes. `baseUrl` points the connection elsewhere (the stand-in).
 */
import { z } from 'zod'

/**
 * The `Square-Version` every request pins: the version of vendor-specs/square/api.json,
 * so the shapes the schemas and the contract test expect are the ones Square sends.
 */
export const SQUARE_VERSION = '2025-08-20'

/** Square's production and sandbox APIs. */
export const SQUARE_BASE_URLS = { production: 'https://connect.squareup.com', sandbox: 'https://connect.squareupsandbox.com' } as const

/** The keychain secret holding the access token. */
export const SQUARE_SECRET_NAME = 'accessToken'

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]']

/** A token must never cross the network in clear text: https, or http on this machine only. */
function safeUrl(raw: string): boolean {
  const url = new URL(raw)
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname))
}

/** A Square connection's settings; a wrong one stops the connection with a ConfigError naming it. */
export const squareSettingsSchema = z.object({
  /** Square's live API or its sandbox (test accounts). @default 'production' */
  environment: z.enum(['production', 'sandbox'], { message: 'choose production (your real business) or sandbox (a Square test account)' }).default('production'),
  /** Another address for Square's API (the stand-in). @default by environment */
  baseUrl: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z
      .url({ error: 'is not a web address; remove the setting to use Square itself' })
      .refine(safeUrl, 'must use https; plain http is allowed only on this machine (127.0.0.1)')
      .transform((u) => u.replace(/\/+$/, ''))
      .optional()
  ),
  /** Only these locations' payments (Square location ids). @default every location */
  locationIds: z.array(z.string().regex(/^[A-Z0-9]{6,}$/, 'use a Square location id (Square Dashboard → Account & Settings → Locations)')).default([]),
  /** How many days back the first read of payments, refunds and disputes goes. @default 31 */
  historyDays: z.number({ message: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1 day').max(366, 'Square lists at most a year back').default(31),
  /**
   * Square's lists are eventually consistent (a payment may appear a few seconds late), so
   * each read goes this far back before the last change seen; what it sees again is
   * unchanged and written nowhere. @default 300
   */
  overlapSeconds: z.number().int().min(0).max(86_400).default(300)
})

/** A Square connection's settings after checking. */
export type SquareSettings = z.infer<typeof squareSettingsSchema>
