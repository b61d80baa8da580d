/** Small helpers for sentences a shop owner reads: counts, lists and quoted names. */

/** "1 conflict", "3 conflicts". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** "a", "a and b", "a, b and c"; past `max` items, "a, b and 3 more". */
export function list(items: readonly string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max - 1).join(', ')} and ${items.length - (max - 1)} more`
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** A sync or connection name in quotes, so it reads as a name inside a sentence. */
export function quoted(name: string): string {
  return `“${name}”`
}

/** Whole days from `now` until `at`, rounded up: "today", "tomorrow", "in 5 days". */
export function inDays(at: number, now: number): string {
  const days = Math.ceil((at - now) / 86_400_000)
  if (days <= 0) return 'today'
  return days === 1 ? 'tomorrow' : `in ${days} days`
}

/** The state words of syncs and connections, shared with the app and the tray. */
export { CONNECTION_WORDS, STATE_WORDS } from '../../shared/state-words'
