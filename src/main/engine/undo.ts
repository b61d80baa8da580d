/**
 * Undo a run: put back the before-image of every write the run made, newest first.
 * A record someone changed since the run is skipped and reported, so nobody's later
 * work is overwritten. Links get back the state they had before the run, so the next
 * run does not copy the undone values again.
 */
import type { Fields, Side } from '../../shared/domain'
import type { ObjectAdapter, WriteItem } from '../connectors/types'
import { Journal } from './journal'
import type { LinkChange, SyncState } from './state'
import { sameValue } from './transforms'

/** What an undo did. */
export interface UndoReport {
  runId: string
  reverted: number
  skipped: { side: Side; recordId: string; reason: string }[]
  failed: { side: Side; recordId: string; message: string }[]
}

/** Undoes the writes of `runId`. */
export async function undoRun(runId: string, state: SyncState, adapters: Record<Side, ObjectAdapter>, now = () => new Date()): Promise<UndoReport> {
  const entries = (await Journal.of(state.journalDir, runId).read()).filter((e) => e.outcome?.t === 'done').reverse()
  const report: UndoReport = { runId, reverted: 0, skipped: [], failed: [] }
  const changes: LinkChange[] = []
  const linksRestored = new Set<string>()
  for (const { intent, outcome } of entries) {
    const side = intent.side
    const id = outcome!.t === 'done' ? outcome!.recordId : ''
    const adapter = adapters[side]
    const [current] = intent.op === 'delete' ? [undefined] : await adapter.get([id])
    let item: WriteItem | null = null
    if (intent.op === 'delete') {
      if (intent.before) item = { op: 'create', ref: intent.ref, fields: intent.before }
      else report.skipped.push({ side, recordId: id, reason: 'the journal has no copy of the deleted record' })
    } else if (!current) {
      report.skipped.push({ side, recordId: id, reason: 'it was deleted after the run' })
    } else if (!matches(current.fields, intent.after)) {
      report.skipped.push({ side, recordId: id, reason: 'it was changed after the run; your later edit is kept' })
    } else if (intent.op === 'create') {
      item = { op: 'delete', ref: intent.ref, id }
    } else if (intent.before) {
      item = { op: 'update', ref: intent.ref, id, fields: intent.before }
    } else {
      report.skipped.push({ side, recordId: id, reason: 'the journal has no before-image for this record' })
    }
    if (!item) continue
    const [res] = await adapter.write([item])
    if (!res?.ok) {
      report.failed.push({ side, recordId: id, message: res && !res.ok ? res.error.message : 'no answer' })
      continue
    }
    report.reverted++
    // Put the link back as it was before the run (once per link, the oldest image wins).
    const before = intent.linkBefore
    if (before) {
      const restored: typeof before = intent.op === 'delete' ? { ...before, [side === 'left' ? 'leftId' : 'rightId']: res.id, gone: side === 'left' ? 'right' : 'left' } : before
      changes.push({ op: 'put', link: { ...restored, syncedAt: now().toISOString() } })
      linksRestored.add(before.id)
    } else if (intent.op === 'create') {
      const link = side === 'left' ? state.linkByLeft(id) : state.linkByRight(id)
      if (link && !linksRestored.has(link.id)) changes.push({ op: 'del', id: link.id })
    }
  }
  await state.commitLinks(changes)
  await state.compact()
  return report
}

function matches(current: Fields, after: Fields): boolean {
  return Object.keys(after).every((k) => sameValue(current[k], after[k]))
}
