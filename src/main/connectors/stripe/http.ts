/**
 * Stripe's API as data (DESIGN.md §8): api.stripe.com (or the `baseUrl` setting), the
 * pinned `Stripe-Version` header, `starting_after` paging of `{data, has_more}` lists,
 * 100 requests a second in live mode and 25 in test mode (docs.stripe.com/rate-limits;
 * 429s carry no wait, so the toolkit backs off), `Idempotency-Key` on creates, and its
 * error codes mapped to DESIGN §4 classes (./errors.ts).
 */
import type { RateLimits, RetryOptions, HttpLogEntry } from '../http'
import type { HttpDescription, HttpTuning, LimitsDescription, PagingDescription } from '../platform'
import { classifyStripe, STRIPE_ERRORS, stripeVendorMessage } from './errors'
import type { LookupOptions } from './lookups'
import { STRIPE_API_VERSION, STRIPE_BASE_URL, STRIPE_SECRET_NAME, stripeModeOf, type StripeMode, type StripeSettings } from './settings'

/** Knobs for tests and benchmarks; production leaves them unset. */
export interface StripeHttpTuning {
  /** Overrides of the retry policy. @default the toolkit's */
  retry?: Omit<RetryOptions, 'idempotent'>
  /** Overrides of Stripe's published limits. @default stripeLimits(mode) */
  limits?: Partial<RateLimits>
  /** @default 30_000 */
  timeoutMs?: number
  log?: (entry: HttpLogEntry) => void
}

/** The tuning as the declaration takes it: the toolkit's, plus the lookups' knobs. */
export interface StripeTuning extends HttpTuning {
  /** Clock in milliseconds, for the 30-day events window. @default Date.now */
  now?: () => number
  lookups?: LookupOptions
}

/** Every list endpoint: `limit` up to 100, `starting_after` the last id, `has_more` says whether to go on. */
export const STRIPE_PAGING: PagingDescription = { style: 'starting-after', itemsPath: 'data', hasMorePath: 'has_more', maxLimit: 100, param: 'starting_after' }

/** Stripe's published limits for a key's mode. */
export function stripeLimits(mode: StripeMode): LimitsDescription {
  return { windows: [{ requests: mode === 'live' ? 100 : 25, everyMs: 1000 }], concurrency: 8 }
}

/** Stripe's HTTP description. */
export const STRIPE_HTTP: HttpDescription<StripeSettings> = {
  baseUrl: ({ settings }) => settings.baseUrl ?? STRIPE_BASE_URL,
  version: { value: STRIPE_API_VERSION, in: 'header', name: 'Stripe-Version' },
  paging: STRIPE_PAGING,
  // Test and live keys are paced apart: the key's prefix says which.
  limits: (_settings, ctx) => stripeLimits(stripeModeOf(ctx.secrets[STRIPE_SECRET_NAME])),
  idempotency: { header: 'Idempotency-Key' },
  message: stripeVendorMessage,
  errors: STRIPE_ERRORS,
  classify: classifyStripe
}
