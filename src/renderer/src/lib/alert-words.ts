/**
 * The browser tab's alert words, without the browser: where an alert takes the owner, and
 * the tab's title. Kept apart from ./notify.ts so they are tested in Node.
 */
import type { PushedAlert, SyncCard } from '../../../shared/contract'
import { attentionOf } from '../../../shared/attention'

const BASE_TITLE = 'Patchbay'

/** Where an alert takes the owner. */
export function alertHref(alert: PushedAlert): string {
  // The addresses of lib/route.ts (which needs a window, so it is not imported here).
  const { view, id } = alert.target
  if (view === 'syncs') return id ? `#/syncs/${encodeURIComponent(id)}` : '#/syncs'
  if (view === 'conflicts') return id ? `#/conflicts?${new URLSearchParams({ sync: id }).toString()}` : '#/conflicts'
  return `#/${view}`
}

/** The tab's title for these sync cards: the number of syncs that need the owner, as the Overview counts them. */
export function titleFor(cards: readonly SyncCard[]): string {
  const n = attentionOf(cards).needs.length
  return n > 0 ? `(${n}) ${BASE_TITLE}` : BASE_TITLE
}
