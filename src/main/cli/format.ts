/** Plain-text output of the command line: short, aligned, readable by a person. */
import type { Conflict, Failure, FieldValue, Progress, Run } from '../../shared/domain'
import { lastRunWords } from '../../shared/state-words'
import type { SyncStatus } from '../service'

const show = (v: FieldValue | undefined): string => (v === null || v === undefined || v === '' ? '(empty)' : String(v))

/** Aligns rows into columns. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return ''
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n')
}

/** "3 min ago" style times, falling back to the date. */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'never'
  const s = Math.round((now - Date.parse(iso)) / 1000)
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`
  return iso.slice(0, 16).replace('T', ' ')
}

/** One line per sync. */
export function formatStatus(rows: SyncStatus[], next: (syncId: string) => string, stateWords?: (row: SyncStatus) => string): string {
  if (rows.length === 0) return 'No syncs yet. Create one with `patchbay import <file>` (see README).'
  return table([
    ['SYNC', 'STATE', 'LAST RUN', 'LAST SUCCESS', 'NEXT RUN', 'CONFLICTS', 'FAILURES'],
    ...rows.map((r) => [
      r.sync.id,
      stateWords ? stateWords(r) : r.running ? 'running' : !r.sync.enabled ? 'paused' : (r.lastRun?.status ?? 'not run yet'),
      lastRunWords(r.lastRun, ago(r.lastRun?.endedAt ?? r.lastRun?.startedAt)),
      ago(r.lastSuccessAt),
      next(r.sync.id),
      String(r.openConflicts),
      String(r.openFailures)
    ])
  ]) + rows.map(notes).join('')
}

/** What `status` says under the table for one sync: its notice, and the deletes held for the owner with the commands that answer. */
function notes(r: SyncStatus): string {
  const out = r.notice ? [`${r.sync.id}: ${r.notice}`] : []
  const held = r.waitingDeletes
  if (held) {
    out.push(
      `${r.sync.id}: ${heldWords(held.message)}\n  ${heldAnswers(r.sync.id).replace('\n', '\n  ')}`
    )
  }
  return out.map((s) => `\n\n${s}`).join('')
}

/** Held deletes' message without its last sentence, which names the app's buttons: the command line says its own commands instead. */
export function heldWords(message: string): string {
  return message.replace(/ Check the list, then choose.*$| If that is right, choose.*$/, '')
}

/** The two commands that answer held deletes. */
export function heldAnswers(syncId: string): string {
  return `To delete them: patchbay run ${syncId} --allow-deletes\nTo keep them (the sync stops trying to delete them): patchbay keep-deletes ${syncId}`
}

/** The summary a run prints on stdout; a preview's counts (its plan's, see `runSync`) say "would". */
export function formatRun(run: Run, name: string): string {
  const c = run.counts
  const head = run.dryRun ? `Preview of ${name} (nothing was written)` : `${name}: ${run.status === 'ok' ? 'done' : run.status}`
  const counts = run.dryRun
    ? `  read ${c.read} · would create ${c.created} · would update ${c.updated} · would delete ${c.deleted} · unchanged ${c.unchanged} · new conflicts ${c.conflicts}`
    : `  read ${c.read} · created ${c.created} · updated ${c.updated} · deleted ${c.deleted} · unchanged ${c.unchanged} · conflicts ${c.conflicts} · failed ${c.failed}`
  const lines = [head, counts]
  if (run.error) lines.push(`  ${run.error.code}: ${run.error.message}${run.error.hint ? `\n  What to do: ${run.error.hint}` : ''}`)
  if (!run.dryRun) lines.push(`  run id: ${run.id}`)
  return lines.join('\n')
}

/** Run history, newest first: when, which sync, how it ended, what it wrote, and its id (for `undo`). */
export function formatRuns(list: Run[], names: (syncId: string) => string, now = Date.now()): string {
  if (list.length === 0) return 'No runs match.'
  const outcome = (r: Run) => (r.undoOf ? `undo of ${r.undoOf}` : r.status === 'ok' ? 'done' : r.status === 'partial' ? 'some records failed or deletes held' : r.status === 'cancelled' ? (r.error?.code === 'SKIPPED' ? 'skipped' : 'stopped') : r.status)
  const wrote = (r: Run) => (r.status === 'failed' && r.error ? r.error.message : `${r.counts.created} new · ${r.counts.updated} changed · ${r.counts.deleted} deleted${r.counts.failed ? ` · ${r.counts.failed} failed` : ''}${r.counts.conflicts ? ` · ${r.counts.conflicts} conflicts` : ''}`)
  return table([['RUN', 'STARTED', 'SYNC', 'OUTCOME', 'RECORDS'], ...list.map((r) => [r.id, ago(r.startedAt, now), names(r.syncId), outcome(r), wrote(r)])])
}

/** A progress line for stderr. */
export function formatProgress(p: Progress): string {
  const of = p.total === null ? '' : ` of ${p.total}`
  switch (p.kind) {
    case 'pull':
      return `reading ${p.side}: ${p.done}${of}`
    case 'plan':
      return `planned ${p.total === 1 ? '1 change' : `${p.total} changes`}`
    case 'apply':
      return `writing ${p.side}: ${p.done}${of}`
    case 'commit':
      return `saved ${p.done}${of}`
  }
}

/** Conflicts with their fields, base → left / right. */
export function formatConflicts(list: Conflict[]): string {
  if (list.length === 0) return 'No conflicts wait for you.'
  return list
    .map((c) => {
      const head = `${c.id}  ${c.syncId}  ${c.status}${c.kind === 'delete' ? `  (deleted on the ${c.deletedOn})` : ''}  ${c.detectedAt.slice(0, 16).replace('T', ' ')}`
      const rows = c.fields.map((f) => `    ${f.name}: ${show(f.base)} → left ${show(f.left)} | right ${show(f.right)}`)
      return [head, ...rows].join('\n')
    })
    .join('\n')
}

/** Failures with the vendor's message. */
export function formatFailures(list: Failure[]): string {
  if (list.length === 0) return 'No failures.'
  return table([
    ['ID', 'SYNC', 'SIDE', 'WHAT', 'RECORD', 'TRIES', 'PROBLEM'],
    ...list.map((f) => [f.id, f.syncId, f.side, f.op, f.label ?? f.key ?? f.recordId ?? (f.line ? `line ${f.line}` : ''), String(f.attempts), f.hint ? `${f.message} — ${f.hint}` : f.message])
  ])
}
