/** A running sync's bar: the phase in words, done of total, and an indeterminate bar while the total is unknown. */
import type { LiveRun } from '../store/store'
import { progressWords } from '../lib/format'

/** The progress of one sync's run. */
export function ProgressBar({ live, sides }: { live: LiveRun; sides: { left: string; right: string } }) {
  const ended = live.endedAt !== undefined
  const words = ended ? { phase: live.status === 'failed' ? 'Stopped' : 'Finished', fraction: 1, detail: '' } : progressWords(live.progress, sides)
  const pct = words.fraction === null ? undefined : Math.round(Math.min(1, Math.max(0, words.fraction)) * 100)
  return (
    <div className={`progress ${ended ? 'progress-done' : ''}`} data-testid="progress">
      <div className="progress-label">
        <span>{words.phase}</span>
        <span className="muted">{words.detail}</span>
      </div>
      <div
        className={`progress-track ${pct === undefined ? 'indeterminate' : ''}`}
        role="progressbar"
        aria-label={words.phase}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <div className="progress-fill" style={{ width: pct === undefined ? undefined : `${pct}%` }} />
      </div>
    </div>
  )
}
