/**
 * PKCE (RFC 7636) and `state` values. S256 only: `plain` would hand the verifier to
 * anyone who sees the authorization URL, which is the thing PKCE exists to prevent.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh code verifier: 32 random bytes, base64url (43 characters, within RFC 7636 §4.1's 43–128). */
export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url')
}

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)), RFC 7636 §4.2. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/** A fresh `state` value tying the redirect to the authorization we started (RFC 6749 §10.12). */
export function createState(): string {
  return randomBytes(16).toString('base64url')
}

/** Compares a returned `state` with ours in constant time. */
export function sameState(expected: string, actual: string | null | undefined): boolean {
  if (typeof actual !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(actual)
  return a.length === b.length && timingSafeEqual(a, b)
}
