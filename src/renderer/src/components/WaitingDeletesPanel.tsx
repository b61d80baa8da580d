/** Deletes a run held back because there were too many at once: what would go, and the owner's two answers. */
import { useEffect, useRef } from 'react'
import type { WaitingDeletesView } from '../../../shared/contract'
import { plural } from '../lib/format'
import { allowWaitingDeletes, keepWaitingDeletes } from '../store/actions'
import { useStore } from '../store/store'

const SHOWN = 100

/**
 * The list of records a held delete would remove, with "Delete them" and "Keep them".
 * With `focus` (the Overview's "Review the deletes"), it is scrolled to and its heading focused.
 */
export function WaitingDeletesPanel({ syncId, waiting, sides, focus }: { syncId: string; waiting: WaitingDeletesView; sides: { left: string; right: string }; focus?: boolean }) {
  const busy = useStore((s) => s.busy[`deletes:${syncId}`])
  const head = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (!focus) return
    head.current?.scrollIntoView({ block: 'start' })
    head.current?.focus({ preventScroll: true })
  }, [focus, syncId])
  const items = waiting.items
  return (
    <div className="panel waiting-deletes tone-deletes" data-testid="waiting-deletes" role="region" aria-label="Deletes waiting for you">
      <h2 ref={head} tabIndex={-1} data-testid="waiting-deletes-title">{plural(items.length, 'record')} would be deleted — nothing was deleted yet</h2>
      <p>{waiting.reason === 'empty' ? 'The other side read as empty, which is usually an export gone wrong.' : 'More records than usual would go at once.'} “Delete them” deletes these records now. “Keep them” leaves them where they are, and this sync stops trying to delete them.</p>
      <ul className="waiting-list" data-testid="waiting-list">
        {items.slice(0, SHOWN).map((i) => (
          <li key={`${i.side}:${i.linkId}`} data-testid="waiting-item">
            {i.label} <span className="muted small">from {i.side === 'left' ? sides.left : sides.right}</span>
          </li>
        ))}
        {items.length > SHOWN && <li className="muted">… and {items.length - SHOWN} more</li>}
      </ul>
      <div className="actions">
        <button className="btn btn-danger" disabled={busy} onClick={() => void allowWaitingDeletes(syncId)} data-testid="delete-them">Delete them</button>
        <button className="btn" disabled={busy} onClick={() => void keepWaitingDeletes(syncId)} data-testid="keep-them">Keep them</button>
      </div>
    </div>
  )
}
