/**
 * The HTTP client of one Stripe connection: the toolkit's client with Stripe's preset
 * (limits per mode, `Idempotency-Key` header), Bearer auth, the pinned `Stripe-Version`
 * and Stripe's error classes.
 */
import { apiKey, createHttpClient, presets, type HttpClient, type HttpLogEntry, type RateLimits, type RetryOptions } from '../http'
import { classifyStripe, stripeVendorMessage } from './errors'
import { STRIPE_API_VERSION, type StripeMode } from './settings'

/** Knobs for tests and benchmarks; production leaves them unset. */
export interface StripeHttpTuning {
  /** Overrides of the retry policy. @default the toolkit's */
  retry?: Omit<RetryOptions, 'idempotent'>
  /** Overrides of Stripe's published limits. @default presets.stripe(mode).limits */
  limits?: Partial<RateLimits>
  /** @default 30_000 */
  timeoutMs?: number
  log?: (entry: HttpLogEntry) => void
}

/** Options of `stripeHttp`. */
export interface StripeHttpOptions extends StripeHttpTuning {
  key: string
  mode: StripeMode
  baseURL: string
  connectionId?: string
}

/** Creates the client of one connection. */
export function stripeHttp(o: StripeHttpOptions): HttpClient {
  const preset = presets.stripe(o.mode)
  const { paging: _paging, ...vendor } = preset
  return createHttpClient({
    ...vendor,
    connectionId: o.connectionId,
    baseURL: o.baseURL,
    auth: apiKey({ header: 'Authorization', prefix: 'Bearer ', key: o.key, system: 'Stripe' }),
    headers: { 'Stripe-Version': STRIPE_API_VERSION },
    limits: { ...preset.limits, ...o.limits },
    timeoutMs: o.timeoutMs,
    vendorMessage: stripeVendorMessage,
    classifyOverride: (res, message) => classifyStripe(res, message, o.connectionId),
    retry: o.retry,
    log: o.log
  })
}
