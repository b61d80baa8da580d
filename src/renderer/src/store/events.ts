/**
 * The one module that feeds the store: it subscribes to the core's events, loads what
 * they say changed, keeps the clock ticking for "in 12 s" labels, and watches whether
 * the core still answers (the banner and the automatic reconnect).
 */
import type { PatchbayApi } from '../../../shared/api'
import { decodeCallError } from '../../../shared/api'
import type { Run, Trigger } from '../../../shared/domain'
import { sentences } from '../lib/format'
import { titleFor } from '../lib/alert-words'
import { showAlert } from '../lib/notify'
import { parseRoute } from '../lib/route'
import { dropStaleUpToDate, store, toast, type HistoryStatus, type LogFilter } from './store'

let api: PatchbayApi

/** How long a finished run's bar stays, so a run of a few milliseconds is still seen. */
const LINGER_MS = 1600
const PING_MS = 10_000

type What = 'cards' | 'conflicts' | 'failures' | 'connections' | 'runs' | 'settings' | 'logs'
const pending = new Set<What>()
let flushTimer: ReturnType<typeof setTimeout> | undefined

/** Reloads what changed, batching bursts of events into one load each. */
export function refresh(...what: What[]): void {
  for (const w of what) pending.add(w)
  if (!flushTimer) flushTimer = setTimeout(flush, 120)
}

function flush(): void {
  flushTimer = undefined
  const todo = new Set(pending)
  pending.clear()
  if (todo.has('cards')) void loadCards()
  if (todo.has('conflicts')) void loadConflicts()
  if (todo.has('failures')) void loadFailures()
  if (todo.has('connections')) void loadConnections()
  if (todo.has('settings')) void loadSettings()
  if (todo.has('runs')) for (const key of Object.keys(store.getState().runs)) void loadRuns(key === '*' ? undefined : key)
  if (todo.has('runs') && store.getState().history) void loadHistory()
  if (todo.has('logs') && store.getState().logs.follow) void loadLogs(true)
}

/** Runs a call; an unreachable core flips the banner instead of failing quietly. */
async function call<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    const out = await fn()
    if (store.getState().core.status !== 'ok') store.setState({ core: { status: 'ok' } })
    return out
  } catch (err) {
    const e = decodeCallError(err)
    if (e.code === 'UNREACHABLE' || e.code === 'UNAUTHORIZED') lostCore(e.code === 'UNAUTHORIZED' ? e.message : undefined)
    else toast({ kind: 'error', title: 'Could not load', body: e.message })
    return undefined
  }
}

/** Sync cards and the chart. */
export async function loadCards(): Promise<void> {
  const [cards, daily] = await Promise.all([call(() => api.statusGet({})), call(() => api.runsDaily({ days: 7 }))])
  if (cards) {
    store.setState({ cards, cardsLoaded: true, now: Date.now() })
    dropStaleUpToDate(cards)
  }
  if (daily) store.setState({ daily })
}

export async function loadConflicts(): Promise<void> {
  const conflicts = await call(() => api.conflictsList({}))
  if (conflicts) store.setState({ conflicts: conflicts.filter((c) => c.status === 'open'), conflictsLoaded: true })
}

export async function loadFailures(): Promise<void> {
  const failures = await call(() => api.failuresList({}))
  if (failures) store.setState({ failures })
}

export async function loadConnections(): Promise<void> {
  const connections = await call(() => api.connectionsList({}))
  if (connections) store.setState({ connections, connectionsLoaded: true })
}

export async function loadSettings(): Promise<void> {
  const settings = await call(() => api.settingsGet({}))
  if (settings) store.setState({ settings })
}

/** Run history of one sync, or of all syncs. */
export async function loadRuns(syncId?: string): Promise<void> {
  const runs = await call(() => api.runsList({ syncId, limit: 100 }))
  if (runs) store.setState((s) => ({ runs: { ...s.runs, [syncId ?? '*']: runs } }))
}

/** Every sync's runs as the history filter says (the newest 200); `filter` changes it first. */
export async function loadHistory(filter?: { syncId?: string; status?: HistoryStatus }): Promise<void> {
  if (filter) store.setState((s) => ({ history: { ...filter, runs: s.history && s.history.syncId === filter.syncId && s.history.status === filter.status ? s.history.runs : undefined } }))
  const want = store.getState().history ?? {}
  const runs = await call(() => api.runsList({ syncId: want.syncId, status: want.status, limit: 200 }))
  const now = store.getState().history
  if (runs && now && now.syncId === want.syncId && now.status === want.status) store.setState({ history: { ...now, runs } })
}

/** What happened to one record, across syncs (Find a record). */
export async function loadStory(key: string): Promise<void> {
  store.setState({ story: { key } })
  try {
    const { lines, more } = await api.recordStory({ key })
    if (store.getState().story?.key === key) store.setState({ story: { key, lines, more } })
  } catch (err) {
    const e = decodeCallError(err)
    if (e.code === 'UNREACHABLE') lostCore()
    if (store.getState().story?.key === key) store.setState({ story: { key, error: e.message } })
  }
}

/** One run, for its detail page. */
export async function loadRun(runId: string): Promise<void> {
  const run = await call(() => api.runGet({ runId }))
  if (run) store.setState((s) => ({ runDetail: { ...s.runDetail, [runId]: run } }))
}

/** The records a run touched, from the log (the first 300 lines). */
export async function loadRunLines(runId: string): Promise<void> {
  const page = await call(() => api.logsQuery({ runId, limit: 300 }))
  if (page) store.setState((s) => ({ runLines: { ...s.runLines, [runId]: page.entries } }))
}

/** The objects a connection offers. */
export async function loadObjects(connectionId: string): Promise<void> {
  const objects = await call(() => api.connectionObjects({ id: connectionId }))
  if (objects) store.setState((s) => ({ objects: { ...s.objects, [connectionId]: objects } }))
}

/** The fields of one object of a connection. */
export async function loadFields(connectionId: string, object: string): Promise<void> {
  const fields = await call(() => api.connectionFields({ id: connectionId, object }))
  if (fields) store.setState((s) => ({ fields: { ...s.fields, [`${connectionId}/${object}`]: fields } }))
}

/** A trigger in plain words. */
export async function describe(trigger: Trigger): Promise<void> {
  const key = JSON.stringify(trigger)
  if (store.getState().triggerText[key]) return
  try {
    const { text } = await api.triggerDescribe({ trigger })
    store.setState((s) => ({ triggerText: { ...s.triggerText, [key]: text } }))
  } catch (err) {
    store.setState((s) => ({ triggerText: { ...s.triggerText, [key]: `Not a schedule Patchbay understands: ${decodeCallError(err).message}` } }))
  }
}

/** The templates and systems lists, which do not change while the app runs. */
export async function loadCatalog(): Promise<void> {
  const [templates, systems] = await Promise.all([call(() => api.templatesList({})), call(() => api.systemsList({}))])
  if (templates) store.setState({ templates })
  if (systems) store.setState({ systems })
}

/** Log lines for the current filter: the newest page (`reset`) or the next older one. */
export async function loadLogs(reset: boolean): Promise<void> {
  const { logs } = store.getState()
  if (!reset && (!logs.nextCursor || logs.loading)) return
  const generation = reset ? logs.generation + 1 : logs.generation
  store.setState({ logs: { ...logs, loading: true, generation } })
  const page = await call(() => api.logsQuery({ ...queryOf(logs.filter), limit: reset ? 500 : 1000, before: reset ? undefined : logs.nextCursor }))
  const now = store.getState().logs
  if (now.generation !== generation) return
  if (!page) return void store.setState({ logs: { ...now, loading: false } })
  store.setState({ logs: { ...now, loading: false, lines: reset ? page.entries : [...now.lines, ...page.entries], nextCursor: page.nextCursor } })
}

/** The log query for a filter. */
export function queryOf(f: LogFilter): Parameters<PatchbayApi['logsQuery']>[0] {
  return {
    syncId: f.syncId,
    runId: f.runId,
    level: f.level,
    text: f.text?.trim() || undefined,
    since: f.sinceHours ? new Date(Date.now() - f.sinceHours * 3_600_000).toISOString() : undefined
  }
}

/** Changes the log filter and loads its first page. */
export function setLogFilter(patch: Partial<LogFilter>): void {
  store.setState((s) => ({ logs: { ...s.logs, filter: { ...s.logs.filter, ...patch }, lines: [], nextCursor: undefined } }))
  void loadLogs(true)
}

/** Previews in progress: their progress is no run of the sync, so it draws no bar that would stay after them. */
const previewRuns = new Set<string>()

function runStarted(run: Run): void {
  if (run.dryRun) {
    previewRuns.add(run.id)
    return
  }
  store.setState((s) => ({
    live: { ...s.live, [run.syncId]: { runId: run.id, startedAt: Date.now() } },
    cards: s.cards.map((c) => (c.sync.id === run.syncId ? { ...c, running: true, state: c.state === 'ok' ? 'running' : c.state } : c))
  }))
}

function runFinished(run: Run): void {
  if (run.dryRun) {
    previewRuns.delete(run.id)
    return
  }
  // A preview said what a run would do; once a real run has happened it no longer holds.
  store.setState((s) => {
    if (!s.previews[run.syncId]) return {}
    const previews = { ...s.previews }
    delete previews[run.syncId]
    return { previews }
  })
  store.setState((s) => {
    const live = s.live[run.syncId]
    return live && live.runId === run.id ? { live: { ...s.live, [run.syncId]: { ...live, endedAt: Date.now(), status: run.status } } } : {}
  })
  setTimeout(() => {
    store.setState((s) => {
      const live = s.live[run.syncId]
      if (!live || live.runId !== run.id) return {}
      const rest = { ...s.live }
      delete rest[run.syncId]
      return { live: rest }
    })
  }, LINGER_MS)
  refresh('cards', 'runs', 'failures', 'conflicts', 'connections', 'logs')
  if (store.getState().runDetail[run.id]) void loadRun(run.id)
  if (run.status === 'failed') {
    const name = store.getState().cards.find((c) => c.sync.id === run.syncId)?.sync.name ?? run.syncId
    const code = run.error?.code
    const action =
      code === 'AUTH'
        ? { label: 'Reconnect', href: '#/connections' }
        : code === 'CONFIG'
          ? { label: 'Check the sync', href: `#/syncs/${encodeURIComponent(run.syncId)}/settings` }
          : { label: 'See what happened', href: `#/runs/${encodeURIComponent(run.id)}` }
    toast({ kind: 'error', title: `${name} failed`, body: sentences(run.error?.message, run.error?.hint), action })
  }
}

let retryTimer: ReturnType<typeof setTimeout> | undefined
let backoff = 1000

function lostCore(message?: string): void {
  if (retryTimer) return
  const retryAt = Date.now() + backoff
  store.setState({ core: { status: 'unreachable', retryAt, message } })
  retryTimer = setTimeout(() => void reconnect(), backoff)
  backoff = Math.min(backoff * 2, 15_000)
}

/** Asks the core again now; on an answer, everything is reloaded. */
export async function reconnect(): Promise<void> {
  if (retryTimer) clearTimeout(retryTimer)
  retryTimer = undefined
  try {
    const cards = await api.statusGet({})
    backoff = 1000
    store.setState({ core: { status: 'ok' }, cards, cardsLoaded: true })
    loadAll()
  } catch (err) {
    const e = decodeCallError(err)
    lostCore(e.code === 'UNAUTHORIZED' ? e.message : undefined)
  }
}

function loadAll(): void {
  refresh('cards', 'conflicts', 'failures', 'connections', 'settings', 'runs', 'logs')
  void call(() => api.appInfo({})).then((info) => info && store.setState({ info }))
  void loadCatalog()
}

/** Starts feeding the store from `patchbayApi`. Call once. */
export function startEvents(patchbayApi: PatchbayApi): void {
  api = patchbayApi
  api.on('event:run-started', runStarted)
  api.on('event:run-progress', (e) => {
    if (previewRuns.has(e.runId)) return
    store.setState((s) => {
      const live = s.live[e.syncId]
      return { live: { ...s.live, [e.syncId]: { ...(live?.runId === e.runId ? live : { runId: e.runId, startedAt: Date.now() }), progress: e.progress } } }
    })
  })
  api.on('event:run-finished', runFinished)
  api.on('event:changed', ({ what }) => {
    if (what === 'config') refresh('cards', 'connections', 'settings', 'runs')
    else if (what === 'conflicts') refresh('conflicts', 'cards')
    else if (what === 'failures') refresh('failures', 'cards')
    else refresh('cards', 'runs', 'logs')
  })
  api.on('event:navigate', ({ view }) => {
    window.location.hash = `#/${view}`
  })
  if (api.inBrowser) {
    // No tray in a browser tab: alerts become the browser's notifications, and the title counts the syncs that need the owner.
    api.on('event:alert', (alert) => void showAlert(alert))
    store.subscribe((s, prev) => {
      if (s.cards !== prev.cards) document.title = titleFor(s.cards)
    })
  }
  // A dropped event socket means the core stopped: ask at once, so the banner shows within a second, and again when it is back.
  api.onLink?.((up) => {
    if (!up || store.getState().core.status === 'unreachable') void reconnect()
  })
  const onHash = () => store.setState({ route: parseRoute(window.location.hash) })
  window.addEventListener('hashchange', onHash)
  onHash()
  // The clock for relative times, and a regular check that the core still answers.
  setInterval(() => store.setState({ now: Date.now() }), 1000)
  setInterval(() => {
    if (store.getState().core.status === 'ok') void loadCards()
  }, PING_MS)
  void reconnect()
}
