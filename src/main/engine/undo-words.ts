/** What an undo did, in a shop owner's words: what is back, what still differs, and what to do next. */
import type { FieldValue, Side } from '../../shared/domain'
import type { UndoDifference, UndoReport } from './undo'

const show = (v: FieldValue): string => (v === null || v === '' ? '(empty)' : String(v))
const values = (d: UndoDifference, which: 'kept' | 'restored'): string => d.fields.map((f) => show(f[which])).join(', ')
const records = (n: number): string => `${n} record${n === 1 ? '' : 's'}`

/**
 * The message `undo` prints and returns. `held` says the sync was paused because the
 * sides differ; without differences it says both sides agree.
 */
export function undoMessage(report: Pick<UndoReport, 'reverted' | 'skipped' | 'failed' | 'differences'>, labels: Record<Side, string>, held: boolean): string {
  const parts: string[] = [`Undone: ${records(report.reverted)} put back.`]
  if (report.skipped.length) parts.push(`${records(report.skipped.length)} changed since the run ${report.skipped.length === 1 ? 'was' : 'were'} kept as ${report.skipped.length === 1 ? 'it is' : 'they are'}.`)
  if (report.failed.length) parts.push(`${records(report.failed.length)} could not be put back; try the undo again later.`)
  const diffs = report.differences
  if (!diffs.length) {
    parts.push('Both sides agree.')
    return parts.join(' ')
  }
  const inConflicts = diffs.filter((d) => d.conflictId).length
  const copies = diffs.filter((d) => d.kind === 'create')
  if (diffs.length === 1) {
    const d = diffs[0]
    const src = labels[d.side]
    const dst = labels[d.side === 'left' ? 'right' : 'left']
    if (d.kind === 'fields') parts.push(`${src} still says ${values(d, 'kept')}; ${dst} is back to ${values(d, 'restored')}.`)
    else if (d.kind === 'create') parts.push(`${d.key} is gone from ${dst} again, but ${src} still has it.`)
    else parts.push(`${d.key} is back in ${dst}, but it is still deleted in ${src}.`)
  } else {
    const sides = new Set(diffs.map((d) => d.side))
    const src = sides.size === 1 ? labels[diffs[0].side] : 'the other side'
    parts.push(`${records(diffs.length)} now differ: ${src} still ${sides.size === 1 ? 'has' : 'have'} the changes the run copied (${diffs.slice(0, 5).map((d) => d.key).join(', ')}${diffs.length > 5 ? ', …' : ''}).`)
  }
  const again = diffs.length === 1 && diffs[0].kind === 'fields' ? `writes ${values(diffs[0], 'kept')} again` : diffs.length === 1 && diffs[0].kind === 'delete' ? 'deletes it again' : 'copies them again'
  const settle = inConflicts ? `settle the ${inConflicts === 1 ? 'difference' : `${inConflicts} differences`} in Conflicts` : ''
  const gone = copies.length ? `delete ${copies.length === 1 ? 'that record' : 'those records'} from ${labels[copies[0].side]} if you do not want ${copies.length === 1 ? 'it' : 'them'}` : ''
  const choices = [settle, gone].filter(Boolean).join(', or ')
  parts.push(`${held ? 'The sync is paused' : 'The sync stays off'}: ${choices ? `${choices}, ` : ''}or ${held ? 'resume it' : 'run it'} and the next run ${again}.`)
  return parts.join(' ')
}
