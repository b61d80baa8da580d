/**
 * What the user can do. Each action calls the core, marks itself busy while it waits,
 * turns a refusal into a toast that says what to do, and asks the event module to
 * reload what it changed.
 */
import type { PatchbayApi } from '../../../shared/api'
import { decodeCallError } from '../../../shared/api'
import type { AppSettings, ConnectionTestResult, SignInStep } from '../../../shared/contract'
import type { ConflictPolicy, ConflictResolution, SyncInput } from '../../../shared/domain'
import { runDoneWords } from '../../../shared/state-words'
import { patchbay } from '../api'
import { plural } from '../lib/format'
import { go, href } from '../lib/route'
import { loadLogs, loadRun, queryOf, refresh } from './events'
import { store, toast, type PreviewResult } from './store'

const api = (): PatchbayApi => patchbay()

async function act<T>(key: string, fn: () => Promise<T>, failTitle: string): Promise<T | undefined> {
  store.setState((s) => ({ busy: { ...s.busy, [key]: true } }))
  try {
    return await fn()
  } catch (err) {
    const e = decodeCallError(err)
    toast({ kind: 'error', title: failTitle, body: [e.message, e.hint].filter(Boolean).map((t) => (/[.!?]$/.test(t!) ? t : `${t}.`)).join(' ') })
    return undefined
  } finally {
    store.setState((s) => {
      const busy = { ...s.busy }
      delete busy[key]
      return { busy }
    })
  }
}

const syncName = (id: string) => store.getState().cards.find((c) => c.sync.id === id)?.sync.name ?? id

/** Runs a sync now. */
export async function runNow(syncId: string): Promise<void> {
  const r = await act(`run:${syncId}`, () => api().syncRun({ syncId }), `Could not run ${syncName(syncId)}`)
  if (r) closePreview(syncId)
  if (!r) return
  // What still waits decides the words: "is up to date" never sits beside "Conflicts waiting".
  const card = store.getState().cards.find((c) => c.sync.id === syncId)
  const words = runDoneWords(syncName(syncId), r.run, { openConflicts: card?.openConflicts ?? 0, openFailures: card?.openFailures ?? 0 })
  if (!words) return
  const action =
    words.kind === 'error'
      ? { label: 'See failures', href: `#/syncs/${encodeURIComponent(syncId)}/failures` }
      : words.kind === 'info' && /conflict/.test(words.title)
        ? { label: 'Settle conflicts', href: href({ view: 'conflicts', syncId }) }
        : undefined
  toast({ ...words, ...(action ? { action } : {}), ...(words.kind === 'success' ? { upToDate: syncId } : {}) })
}

/** Shows what a run would change, without changing anything. */
export async function preview(syncId: string): Promise<void> {
  const result = await act(`preview:${syncId}`, () => api().syncRun({ syncId, dryRun: true }), 'Could not preview the changes')
  if (result) store.setState((s) => ({ previews: { ...s.previews, [syncId]: { syncId, at: Date.now(), result } } }))
}

/** Forgets a preview. */
export function closePreview(syncId: string): void {
  store.setState((s) => {
    const previews = { ...s.previews }
    delete previews[syncId]
    return { previews }
  })
}

export async function pause(syncId: string): Promise<void> {
  if (await act(`pause:${syncId}`, () => api().syncPause({ id: syncId }), 'Could not pause')) toast({ kind: 'info', title: `${syncName(syncId)} is paused`, body: 'It will not run by itself until you resume it.' })
}

export async function resume(syncId: string): Promise<void> {
  if (await act(`pause:${syncId}`, () => api().syncResume({ id: syncId }), 'Could not resume')) toast({ kind: 'success', title: `${syncName(syncId)} is on`, body: 'It runs by itself again.' })
}

/** Creates a sync switched off, so its first real run waits for the preview. */
export async function createDraft(sync: SyncInput & { id?: string }): Promise<string | undefined> {
  const saved = await act('create-sync', () => api().syncCreate({ sync: { ...sync, enabled: false } as never }), 'The sync could not be saved')
  if (!saved) return undefined
  refresh('cards')
  return saved.id
}

/** Replaces a sync's settings. */
export async function updateSync(sync: SyncInput): Promise<boolean> {
  return !!(await act('update-sync', () => api().syncUpdate({ sync: sync as never }), 'The sync could not be saved'))
}

/** What an edit of a saved sync would do, previewed against its links; nothing is saved. */
export async function previewEdit(sync: SyncInput & { id: string }): Promise<PreviewResult | undefined> {
  const result = await act(`preview:${sync.id}`, () => api().syncPreviewEdit({ sync: sync as never }), 'Could not preview the change')
  return result && { syncId: sync.id, at: Date.now(), result }
}

/** Saves an edit of a saved sync; it applies from the next run, with its history and paired records kept. */
export async function saveEdit(sync: SyncInput & { id: string }): Promise<boolean> {
  const saved = await act('update-sync', () => api().syncUpdate({ sync: sync as never }), 'The change could not be saved')
  if (!saved) return false
  toast({ kind: 'success', title: `${saved.name}: changes saved`, body: 'They apply from its next run. Its history and paired records are kept.' })
  refresh('cards')
  return true
}

/** A copy of a sync, paused and never run, opened in its edit form: "Copy of …". */
export async function duplicateSync(syncId: string): Promise<void> {
  const cards = store.getState().cards
  const original = cards.find((c) => c.sync.id === syncId)?.sync
  if (!original) return
  const names = new Set(cards.map((c) => c.sync.name))
  let name = `Copy of ${original.name}`
  for (let n = 2; names.has(name); n++) name = `Copy of ${original.name} (${n})`
  const { id: _id, ...rest } = original
  const saved = await act(`duplicate:${syncId}`, () => api().syncCreate({ sync: { ...rest, name, enabled: false, paused: true } as never }), 'Could not duplicate the sync')
  if (!saved) return
  toast({ kind: 'info', title: `“${name}” made`, body: 'It is paused and has not run: change what you need, preview it, then turn it on.' })
  refresh('cards')
  go({ view: 'sync', id: saved.id, tab: 'edit' })
}

/** Turns a previewed sync on and runs it for the first time. */
export async function turnOn(syncId: string): Promise<void> {
  const on = await act(`pause:${syncId}`, () => api().syncResume({ id: syncId }), 'Could not turn the sync on')
  if (!on) return
  closePreview(syncId)
  go({ view: 'sync', id: syncId, tab: 'history' })
  await runNow(syncId)
}

/** Removes a sync; `draft` for one that was never turned on (the New sync form's Discard). */
export async function removeSync(syncId: string, draft = false): Promise<boolean> {
  const name = syncName(syncId)
  const ok = await act(`remove:${syncId}`, () => api().syncRemove({ id: syncId }), `Could not remove ${name}`)
  if (ok) toast({ kind: 'info', title: draft ? 'Draft discarded' : `${name} was removed`, body: draft ? 'Nothing was written anywhere.' : 'Records stay as they are on both sides.' })
  return !!ok
}

/** What an Undo of a settlement sends back: the conflicts, the fields (for one-field settlements) and the rules as they were. */
type Reopen = Parameters<PatchbayApi['conflictsReopen']>[0]

/** The fields' conflict policies as they are now, for an Undo to put back after a settlement made them a rule. */
function rulesNow(syncId: string, fields: string[]): Record<string, ConflictPolicy | null> {
  const mapping = store.getState().cards.find((c) => c.sync.id === syncId)?.sync.mapping ?? []
  return Object.fromEntries(fields.map((f) => [f, mapping.find((m) => m.name === f)?.conflictPolicy ?? null]))
}

/** Puts settled conflicts back to waiting, exactly as they were (the Undo in a settlement's notice). */
export async function undoSettlement(input: Reopen, what: string): Promise<void> {
  const back = await act(`reopen:${input.ids.join(',')}`, () => api().conflictsReopen(input), 'Could not undo')
  if (!back) return
  const ids = new Set(back.map((c) => c.id))
  store.setState((s) => ({ conflicts: [...s.conflicts.filter((c) => !ids.has(c.id)), ...back] }))
  refresh('conflicts', 'cards')
  toast({ kind: 'info', title: 'Settlement undone', body: what })
}

/** The notice after a settlement, with its Undo. */
function settledToast(title: string, body: string, reopen: Reopen, what: string): void {
  toast({ kind: 'success', title, body, button: { label: 'Undo', run: () => void undoSettlement(reopen, what), testId: 'undo-settle' } })
}

const fieldsOf = (id: string) => store.getState().conflicts.find((c) => c.id === id)?.fields.map((f) => f.name) ?? []

/** Settles one conflict; `record` names it in the notice, which offers an Undo (none when `quiet`). */
export async function resolveConflict(id: string, resolution: ConflictResolution, asRule: boolean, record = 'the conflict', quiet = false): Promise<boolean> {
  const before = store.getState().conflicts.find((c) => c.id === id)
  const rules = asRule && before && resolution.pick !== 'value' ? rulesNow(before.syncId, before.fields.map((f) => f.name)) : undefined
  const ok = await act(`conflict:${id}`, () => api().conflictResolve({ id, resolution, asRule }), 'Could not settle the conflict')
  if (!ok) return false
  store.setState((s) => ({ conflicts: s.conflicts.filter((c) => c.id !== id) }))
  if (!quiet) settledToast(`Settled ${record}`, `${rules ? 'From now on these fields settle this way by themselves. ' : ''}The next run writes your choice to both sides.`, { syncId: ok.syncId, ids: [id], rules }, `${record} waits for you again.`)
  return true
}

/**
 * Settles one conflict field by field, each with its own side, and makes each a rule
 * ("from now on"): used when a person keeps different sides for different fields.
 */
export async function resolveByField(id: string, syncId: string, picks: Record<string, 'left' | 'right'>, record: string): Promise<boolean> {
  const fields = Object.keys(picks)
  const rules = rulesNow(syncId, fields)
  const done: string[] = []
  for (const field of fields) {
    const ok = await act(`conflict:${id}`, () => api().conflictsSettleField({ syncId, field, pick: picks[field], ids: [id], asRule: true }), 'Could not settle the conflict')
    if (!ok) break
    done.push(field)
  }
  if (!done.length) return false
  const reopen = { syncId, ids: [id], fields: done, rules: Object.fromEntries(done.map((f) => [f, rules[f]])) }
  if (done.length < fields.length) {
    refresh('conflicts')
    toast({ kind: 'error', title: `Only part of ${record} was settled`, body: `Settled: ${done.join(', ')}. Try the rest again.`, button: { label: 'Undo', run: () => void undoSettlement(reopen, `${record} waits for you again.`), testId: 'undo-settle' } })
    return false
  }
  store.setState((s) => ({ conflicts: s.conflicts.filter((c) => c.id !== id) }))
  settledToast(`Settled ${record}`, 'From now on each of these fields settles the way you chose by itself. The next run writes your choices to both sides.', reopen, `${record} waits for you again, and the rules are as they were.`)
  return true
}

/** Settles every listed conflict of a sync the same way; one notice, with one Undo for all. */
export async function resolveAll(syncId: string, ids: string[], pick: 'left' | 'right', asRule: boolean): Promise<void> {
  const rules = asRule ? rulesNow(syncId, [...new Set(ids.flatMap(fieldsOf))]) : undefined
  const done: string[] = []
  for (const id of ids) if (await resolveConflict(id, { pick }, asRule, undefined, true)) done.push(id)
  if (!done.length) return
  settledToast(`${plural(done.length, 'conflict')} settled`, 'The next run writes your choices to both sides.', { syncId, ids: done, rules }, `${plural(done.length, 'conflict')} ${done.length === 1 ? 'waits' : 'wait'} for you again.`)
}

/** Keeps one side's value of one field in every listed conflict of a sync; their other fields keep waiting. */
export async function settleField(syncId: string, field: string, pick: 'left' | 'right', ids: string[], asRule: boolean, sideName: string): Promise<void> {
  const rules = asRule ? rulesNow(syncId, [field]) : undefined
  const changed = await act(`settle:${syncId}:${field}`, () => api().conflictsSettleField({ syncId, field, pick, ids, asRule }), `Could not keep ${sideName}’s ${field}`)
  if (!changed) return
  const byId = new Map(changed.map((c) => [c.id, c]))
  store.setState((s) => ({ conflicts: s.conflicts.map((c) => byId.get(c.id) ?? c).filter((c) => c.status === 'open') }))
  const done = changed.filter((c) => c.status === 'resolved').length
  const waiting = changed.length - done
  settledToast(
    `Keeping ${sideName}’s ${field.replace(/_/g, ' ')} for ${plural(changed.length, 'record')}`,
    `${waiting ? `${plural(waiting, 'conflict')} still ${waiting === 1 ? 'waits' : 'wait'} on other fields. ` : ''}${asRule ? 'From now on this field settles this way by itself. ' : ''}The next run writes your choice to both sides.`,
    { syncId, ids: changed.map((c) => c.id), fields: [field], rules },
    `${field.replace(/_/g, ' ')} waits for you again in ${plural(changed.length, 'record')}.`
  )
}

/** Tries a failed record again (runs its sync). */
export async function retryFailure(id: string): Promise<void> {
  const failure = store.getState().failures.find((f) => f.id === id)
  const run = await act(`failure:${id}`, () => api().failureRetry({ id }), 'Could not try again')
  if (!run) return
  const still = (await api().failuresList({ syncId: run.syncId }).catch(() => [])).some((f) => f.id === id || (failure && f.line === failure.line && f.side === failure.side && f.op === failure.op && f.status !== 'dismissed'))
  refresh('failures', 'cards')
  if (still) toast({ kind: 'error', title: 'Still refused', body: 'The record failed again. Fix it where it comes from, then try again.' })
  else toast({ kind: 'success', title: 'It went through', body: 'The record was written this time.' })
}

export async function dismissFailure(id: string): Promise<void> {
  if (await act(`failure:${id}`, () => api().failureDismiss({ id }), 'Could not dismiss')) {
    store.setState((s) => ({ failures: s.failures.filter((f) => f.id !== id) }))
    toast({ kind: 'info', title: 'Dismissed', body: 'Patchbay stops trying this record; it stays as it is on both sides.' })
  }
}

/** Puts back what a run changed. */
export async function undoRun(runId: string, syncId: string): Promise<void> {
  const r = await act(`undo:${runId}`, () => api().runUndo({ runId }), 'Could not undo the run')
  if (!r) return
  refresh('runs', 'cards')
  void loadRun(runId)
  // The core's message says what is back, what still differs and what to do next (the sync may be paused).
  if (r.differences) refresh('conflicts')
  toast({ kind: r.failed.length ? 'error' : r.differences ? 'info' : 'success', title: `${syncName(syncId)}: undone${r.paused ? ', and paused' : ''}`, body: r.message })
}

export async function testConnection(id: string): Promise<{ ok: boolean; message: string } | undefined> {
  const r = await act(`test:${id}`, () => api().connectionTest({ id }), 'Could not test the connection')
  // The result is kept on the connection, so its state changes with it.
  refresh('connections')
  return r
}

export async function renameConnection(id: string, label: string): Promise<boolean> {
  const ok = await act(`rename:${id}`, () => api().connectionRename({ id, label }), 'Could not rename')
  if (ok) refresh('connections', 'cards')
  return !!ok
}

export async function removeConnection(id: string): Promise<void> {
  if (await act(`remove-connection:${id}`, () => api().connectionRemove({ id }), 'Could not remove the connection')) {
    refresh('connections')
    toast({ kind: 'info', title: 'Connection removed', body: 'Its keys were deleted from the keychain.' })
  }
}

/** Adds a connection and tests it straight away. */
/** Adds a connection with a key (or a file): tested first, kept only if it works. */
export async function addConnection(input: { system: string; label: string; settings: Record<string, string>; secrets: Record<string, string> }): Promise<boolean> {
  const r = await signInStart(input)
  return r?.step === 'done'
}

/** Saves some settings and says so in a notice (`said`). */
export async function saveSettings(patch: Partial<AppSettings>, said = 'Settings saved'): Promise<void> {
  const s = await act('settings', () => api().settingsUpdate({ patch }), 'Could not save the settings')
  if (s) {
    store.setState({ settings: s })
    toast({ kind: 'success', title: said })
  }
}

/** Writes every log line matching the filter (up to 100,000) to a file the browser downloads. */
export async function exportLogs(): Promise<void> {
  const { filter } = store.getState().logs
  const lines: string[] = []
  await act('export-logs', async () => {
    let before: string | undefined
    do {
      const page = await api().logsQuery({ ...queryOf(filter), limit: 1000, before })
      for (const e of page.entries) lines.push(JSON.stringify(e))
      before = page.nextCursor
    } while (before && lines.length < 100_000)
  }, 'Could not export the log')
  const blob = new Blob([lines.reverse().join('\n') + '\n'], { type: 'application/x-ndjson' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = `patchbay-log-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.ndjson`
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
  toast({ kind: 'success', title: `Exported ${plural(lines.length, 'line')}`, body: a.download })
}

/** Turns "follow live" on or off; on, the newest lines are loaded right away. */
export function setFollow(follow: boolean): void {
  store.setState((s) => ({ logs: { ...s.logs, follow } }))
  if (follow) void loadLogs(true)
}

/**
 * Starts signing in, whatever the system's auth kind: a key is tested and kept (step done);
 * an OAuth sign-in answers with the address to open.
 */
export async function signInStart(input: { system?: string; connectionId?: string; label?: string; settings?: Record<string, string>; secrets?: Record<string, string> }): Promise<SignInStep | undefined> {
  const r = await act('sign-in:start', () => api().connectionSignInStart({ settings: {}, secrets: {}, ...input }), input.connectionId ? 'Could not reconnect' : 'Could not connect')
  if (!r) return undefined
  refresh('connections', 'cards')
  if (r.step === 'done' && r.connection) toast({ kind: 'success', title: `${r.connection.label} is connected`, body: r.test?.message })
  return r
}

/** Finishes a sign-in (waits for the browser, or reads the pasted address) and tests the connection. */
export async function signInFinish(connectionId: string, fields: Record<string, string> = {}): Promise<ConnectionTestResult | undefined> {
  const r = await act('sign-in:finish', () => api().connectionSignInFinish({ connectionId, fields }), 'Could not finish connecting')
  if (!r) return undefined
  refresh('connections', 'cards')
  toast(r.test.ok ? { kind: 'success', title: `${r.connection.label} is connected`, body: r.test.message } : { kind: 'error', title: `${r.connection.label} signed in but does not answer`, body: r.test.message })
  return r.test
}

/** Gives up a browser sign-in in progress. */
export async function signInCancel(connectionId: string): Promise<void> {
  await act('sign-in:cancel', () => api().connectionSignInCancel({ connectionId }), 'Could not cancel the sign-in')
}

/** "Delete them": carries out the deletes a run held because there were too many at once. */
export async function allowWaitingDeletes(syncId: string): Promise<void> {
  const run = await act(`deletes:${syncId}`, () => api().deletesAllow({ syncId }), 'Could not delete them')
  if (!run) return
  refresh('runs', 'cards', 'failures')
  toast({ kind: 'success', title: 'Deleted', body: `${plural(run.counts.deleted, 'record')} deleted, as you chose.` })
}

/** "Keep them": the records stay, and the sync stops trying to delete them. */
export async function keepWaitingDeletes(syncId: string): Promise<void> {
  const r = await act(`deletes:${syncId}`, () => api().deletesKeep({ syncId }), 'Could not keep them')
  if (!r) return
  refresh('cards')
  toast({ kind: 'info', title: 'Kept', body: `${plural(r.kept, 'record')} stay as they are; this sync will not delete them.` })
}
