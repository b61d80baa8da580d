/** Times, counts and states in the words a shop owner uses. */
import { onlyHeldDeletes, type Progress, type Run } from '../../../shared/domain'

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(iso: string | undefined, now: number): string {
  if (!iso) return 'never'
  const s = Math.round((now - Date.parse(iso)) / 1000)
  if (s < 10) return 'just now'
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`
  const d = Math.floor(s / 86_400)
  return d === 1 ? 'yesterday' : `${d} days ago`
}

/** "in 12 s", "in 5 min", "in 3 h", or the date. */
export function until(iso: string | undefined, now: number): string {
  if (!iso) return ''
  const s = Math.round((Date.parse(iso) - now) / 1000)
  if (s <= 1) return 'any moment'
  if (s < 60) return `in ${s} s`
  if (s < 3600) return `in ${Math.round(s / 60)} min`
  if (s < 86_400) return `in ${Math.round(s / 3600)} h`
  return new Date(iso).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })
}

/** A full local date and time, for tooltips and details. */
export function when(iso: string | undefined): string {
  if (!iso) return ''
  return new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** "0.4 s", "12 s", "3 min 5 s". */
export function duration(run: Pick<Run, 'startedAt' | 'endedAt'>): string {
  if (!run.endedAt) return 'still running'
  const ms = Date.parse(run.endedAt) - Date.parse(run.startedAt)
  if (ms < 1000) return `${Math.max(ms, 1)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** "1 record", "3 records". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`
}

/** The state's label, said the same way everywhere (the CLI and the tray use the same table). */
export { STATE_WORDS } from '../../../shared/state-words'

/** Worst first, for sorting and the overall state. */
export { STATE_RANK } from '../../../shared/attention'

/** A run's outcome in words. */
export function runWords(run: Run): string {
  if (run.undoOf) return 'Undo'
  switch (run.status) {
    case 'ok':
      return 'Completed'
    case 'partial':
      // Held deletes alone are not a failure: the run waits for the owner's OK.
      return onlyHeldDeletes(run) ? 'Deletes held for you' : 'Some records failed'
    case 'failed':
      return 'Failed'
    case 'cancelled':
      return run.error?.code === 'SKIPPED' ? 'Skipped' : 'Stopped'
    case 'running':
      return 'Running'
  }
}

/** Progress as a phase and a fraction (null when the total is not known yet). */
export function progressWords(p: Progress | undefined, sides: { left: string; right: string }): { phase: string; fraction: number | null; detail: string } {
  if (!p) return { phase: 'Starting', fraction: null, detail: '' }
  const of = (done: number, total: number | null) => (total ? `${done.toLocaleString()} of ${total.toLocaleString()}` : `${done.toLocaleString()} so far`)
  switch (p.kind) {
    case 'pull':
      return { phase: `Reading ${sides[p.side]}`, fraction: p.total ? p.done / p.total : null, detail: of(p.done, p.total) }
    case 'plan':
      return { phase: 'Comparing', fraction: p.total ? p.done / p.total : 1, detail: of(p.done, p.total) }
    case 'apply':
      return { phase: `Writing to ${sides[p.side]}`, fraction: p.total ? p.done / p.total : 1, detail: of(p.done, p.total) }
    case 'commit':
      return { phase: 'Saving', fraction: p.total ? p.done / p.total : 1, detail: of(p.done, p.total) }
  }
}

/**
 * A sign-in about to run out, from the Connections call's `signIn.daysLeft` (whole days,
 * rounded up): "Sign-in expires in 5 days", "Sign-in expires within a day".
 */
export function signInExpires(daysLeft: number): string {
  return daysLeft <= 1 ? 'Sign-in expires within a day' : `Sign-in expires in ${daysLeft} days`
}

/** Sentences one after the other, each ending in a full stop ("no id column" + "Put it back." → "no id column. Put it back."). */
export function sentences(...parts: (string | undefined | null)[]): string {
  return parts
    .map((p) => p?.trim())
    .filter((p): p is string => !!p)
    .map((p) => (/[.!?…:]["'”’)]*$/.test(p) ? p : `${p}.`))
    .join(' ')
}

/** The colour a run's outcome is shown in: an undo is neutral, held deletes are their own colour. */
export function runTone(run: Run): 'ok' | 'deletes' | 'partial' | 'failing' | 'paused' {
  return run.undoOf ? 'paused' : run.status === 'ok' ? 'ok' : onlyHeldDeletes(run) ? 'deletes' : run.status === 'partial' ? 'partial' : run.status === 'failed' ? 'failing' : 'paused'
}

/** Who or what started a run, in words. */
export function startedBy(run: Run): string {
  if (run.undoOf) return 'you (undo)'
  switch (run.trigger) {
    case 'manual':
    case 'cli':
      return 'you'
    case 'watch':
      return 'its timer'
    case 'schedule':
      return 'its schedule'
    case 'catch-up':
      return 'a missed schedule'
    case 'retry':
      return 'you (try again)'
  }
}

/** Round numbers for the scale: 0 and up to three steps that reach `max`. */
export function chartTicks(max: number): number[] {
  if (max <= 0) return [0, 1]
  const raw = max / 3
  const mag = 10 ** Math.floor(Math.log10(raw))
  // Records are whole: never a step under 1.
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag)
  const top = Math.ceil(max / step) * step
  const out: number[] = []
  for (let v = 0; v <= top + step / 2; v += step) out.push(Math.round(v))
  return out
}
