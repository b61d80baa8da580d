/**
 * The Overview's "needs you" panel as rules: which syncs need the owner, which are only
 * paused, and the headline, so the count above the list is always the number of rows in it.
 */
import type { SyncCard, SyncState } from './contract'

/** Worst first, as the badge and the list order show it. A plain pause ranks low: the person chose it. */
export const STATE_RANK: Record<SyncState, number> = { failing: 6, deletes: 5, partial: 4, conflicts: 3, paused: 1, running: 2, ok: 0 }

type Card = Pick<SyncCard, 'state' | 'running' | 'openConflicts' | 'openFailures' | 'waitingDeletes' | 'notice'>

/**
 * True when the owner has something to do: any state but ok, running and paused, or a paused
 * sync with something waiting (conflicts, failures, held deletes, an undo's or restore's notice).
 * A paused sync with nothing waiting needs nothing until the owner resumes it.
 */
export function needsYou(c: Card): boolean {
  if (c.state === 'ok' || c.state === 'running') return false
  if (c.state !== 'paused') return true
  return c.openConflicts > 0 || c.openFailures > 0 || !!c.waitingDeletes || !!c.notice
}

/** The panel: the rows counted in the headline, the paused rows listed apart, the badge's state and the headline. */
export interface Attention<C extends Card> {
  /** Syncs that need the owner, worst first: exactly the rows the headline counts. */
  needs: C[]
  /** Paused syncs with nothing waiting, listed under their own words and not counted. */
  paused: C[]
  /** The badge: the worst state among `needs`; else paused, running or ok. */
  worst: SyncState
  headline: string
}

/** Works out the "needs you" panel from the sync cards. */
export function attentionOf<C extends Card>(cards: readonly C[]): Attention<C> {
  const byRank = (a: C, b: C) => STATE_RANK[b.state] - STATE_RANK[a.state]
  const needs = cards.filter(needsYou).sort(byRank)
  const paused = cards.filter((c) => c.state === 'paused' && !needsYou(c))
  const running = cards.some((c) => c.running)
  const worst: SyncState = needs[0]?.state ?? (paused.length ? 'paused' : running ? 'running' : 'ok')
  const pausedWords = paused.length ? ` ${paused.length === 1 ? '1 sync is' : `${paused.length} syncs are`} paused.` : ''
  const headline =
    needs.length > 0
      ? `${needs.length === 1 ? '1 sync needs' : `${needs.length} syncs need`} you`
      : paused.length
        ? `Nothing needs you.${pausedWords}`
        : running
          ? 'Syncing now. Nothing needs you.'
          : 'Everything is in sync. Nothing needs you.'
  return { needs, paused, worst, headline }
}
