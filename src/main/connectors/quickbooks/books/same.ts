/**
 * Whether a transaction already says what Patchbay would write. An update that changes
 * nothing would still bump QuickBooks' SyncToken and cost a batch slot, so it is skipped.
 * Compared: what Patchbay writes (dates, notes, references, line amounts and accounts);
 * what QuickBooks adds (ids, totals, metadata) is ignored.
 */
import type { QboEntity } from '../api'
import { toQboJson } from '../amounts'

const IGNORED = new Set(['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'TotalAmt', 'LineNum', 'ExchangeRate', 'Balance', 'HomeTotalAmt', 'name'])

/** The written content of a body, as plain comparable JSON (Decimals become numbers). */
function plain(body: unknown): unknown {
  return JSON.parse(toQboJson(body), (key, value) => (IGNORED.has(key) ? undefined : value))
}

function covers(want: unknown, have: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(have) && want.length === have.length && want.every((w, i) => covers(w, have[i]))
  if (want !== null && typeof want === 'object') {
    if (have === null || typeof have !== 'object') return false
    return Object.entries(want).every(([k, v]) => v === undefined || covers(v, (have as Record<string, unknown>)[k]))
  }
  return want === have
}

/** True when every property of `desired` is already in `existing` with the same value. */
export function alreadySays(desired: QboEntity, existing: QboEntity): boolean {
  return covers(plain(desired), plain(existing))
}
