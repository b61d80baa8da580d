/**
 * The connector toolkit: what every vendor connector shares. A connector supplies data
 * (base URL, auth kind, limits, header names, pagination style, error-message shape)
 * and gets typed, paced, retried, classified and logged HTTP in return.
 */
export { apiKey, bearer, testConnection, type ApiKeyOptions, type AuthProvider, type BearerOptions, type CheckingClient, type ConnectionCheck, type OutgoingRequest } from './auth'
export { oauth2Pkce, type AuthorizationStart, type OAuth2Options, type OAuth2Provider, type TokenStore } from './oauth2'
export type { OAuthTokens } from './token-endpoint'
export { classifyHttpError, defaultVendorMessage, type ClassifyContext, type HttpResponseLike } from './classify'
export { createHttpClient, type HttpClient, type HttpClientOptions, type HttpLogEntry, type HttpRequest, type HttpResult } from './client'
export { headerValue, parseLinkHeader, parseRetryAfter, readRateLimit, type RateLimitHeaderNames, type RateLimitReading } from './headers'
export { createRateLimiter, type LimiterStats, type RateLimiter, type RateLimits } from './limiter'
export * as paginate from './paginate'
export type { Page, PagePath, PaginateOptions } from './paginate'
export { REDACTED, redactHeaders, redactUrl, trimSample } from './redact'
export { decideRetry, fullJitter, neverReachedVendor, retryDefaults, type RetryDecision, type RetryOptions } from './retry'
