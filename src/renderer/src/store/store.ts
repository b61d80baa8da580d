/**
 * The UI's one store. Only the event module (`events.ts`) and the actions that call the
 * core write to it; components read it through `useStore`.
 */
import { createStore } from 'zustand/vanilla'
import { useStore as useZustand } from 'zustand'
import type { AppInfo, AppSettings, ConnectionCard, DailyStat, LogLine, SyncCard, SyncTemplate, SystemInfo } from '../../../shared/contract'
import type { Conflict, Failure, Progress, Run } from '../../../shared/domain'
import type { Route } from '../lib/route'

/** A run in progress as the bars show it; kept a moment after the end so a quick run is seen. */
export interface LiveRun {
  runId: string
  progress?: Progress
  startedAt: number
  /** Set when the run ended: the bar fills and fades. */
  endedAt?: number
  status?: Run['status']
}

/** A message in the corner; errors stay until closed and carry the action that fixes them. */
export interface Toast {
  id: number
  kind: 'error' | 'success' | 'info'
  title: string
  body?: string
  action?: { label: string; href: string }
  /** A button that does something here, such as Undo; the message stays longer so there is time to press it. */
  button?: { label: string; run: () => void; testId?: string }
  /** The sync this toast says is up to date: it leaves as soon as that sync's card says otherwise (conflicts, failures…). */
  upToDate?: string
}

/** What the Logs view shows and how it is filtered. */
export interface LogFilter {
  syncId?: string
  runId?: string
  level?: 'debug' | 'info' | 'warn' | 'error'
  /** Hours back; undefined for everything. */
  sinceHours?: number
  text?: string
}

/** The log lines loaded so far for the current filter. */
export interface LogView {
  filter: LogFilter
  lines: LogLine[]
  nextCursor?: string
  loading: boolean
  follow: boolean
  /** Bumped on each new load, so an answer for an old filter is dropped. */
  generation: number
}

/** What a dry run showed, for the sync it was run on. */
export interface PreviewResult {
  syncId: string
  at: number
  result: Awaited<ReturnType<import('../../../shared/api').PatchbayApi['syncRun']>>
}

/** What the run history can be narrowed to: how runs ended, or undos. */
export type HistoryStatus = 'ok' | 'partial' | 'failed' | 'cancelled' | 'undo'

/** Everything the UI shows. */
export interface UiState {
  route: Route
  /** Whether the core answers: the banner shows while it does not. */
  core: { status: 'connecting' | 'ok' | 'unreachable'; retryAt?: number; message?: string }
  now: number
  info?: AppInfo
  cards: SyncCard[]
  cardsLoaded: boolean
  daily: DailyStat[]
  conflicts: Conflict[]
  conflictsLoaded: boolean
  failures: Failure[]
  /** Run history by sync id ('*' for all syncs). */
  runs: Record<string, Run[]>
  /** Single runs opened on their detail page. */
  runDetail: Record<string, Run>
  /** Objects (files, record types) of each connection, for the New sync form. */
  objects: Record<string, string[]>
  /** Fields of `connectionId/object`, for mapping suggestions. */
  fields: Record<string, { name: string; label?: string; type?: string }[]>
  /** Plain-language triggers by their JSON, for the schedule preview. */
  triggerText: Record<string, string>
  /** The first log lines of a run, for its detail page. */
  runLines: Record<string, LogLine[]>
  connections: ConnectionCard[]
  connectionsLoaded: boolean
  systems: SystemInfo[]
  templates: SyncTemplate[]
  settings?: AppSettings
  live: Record<string, LiveRun>
  toasts: Toast[]
  logs: LogView
  previews: Record<string, PreviewResult>
  /** Calls in flight, by a key such as `run:crm-email`, so buttons can show they are busy. */
  busy: Record<string, boolean>
  /** Every sync's runs, newest first, as the Syncs view filters them (loaded while it is open). */
  history?: { syncId?: string; status?: HistoryStatus; runs?: Run[] }
  /** The record looked up in "Find a record", and what the log says happened to it. */
  story?: { key: string; lines?: LogLine[]; more?: boolean; error?: string }
}

/** The store itself (vanilla, so the event module can write it outside React). */
export const store = createStore<UiState>(() => ({
  route: { view: 'overview' },
  core: { status: 'connecting' },
  now: Date.now(),
  cards: [],
  cardsLoaded: false,
  daily: [],
  conflicts: [],
  conflictsLoaded: false,
  failures: [],
  runs: {},
  runDetail: {},
  runLines: {},
  objects: {},
  fields: {},
  triggerText: {},
  connections: [],
  connectionsLoaded: false,
  systems: [],
  templates: [],
  live: {},
  toasts: [],
  logs: { filter: {}, lines: [], loading: false, follow: true, generation: 0 },
  previews: {},
  busy: {}
}))

/** Reads part of the store in a component. */
export function useStore<T>(select: (s: UiState) => T): T {
  return useZustand(store, select)
}

let toastId = 0

/** Shows a toast; non-errors leave by themselves. */
export function toast(t: Omit<Toast, 'id'>): void {
  const id = ++toastId
  // Three at most: an older message makes room rather than covering the page.
  store.setState((s) => ({ toasts: [...s.toasts.slice(-2), { ...t, id }] }))
  if (t.kind !== 'error') releaseToast(id)
}

/** Timers of the toasts that leave by themselves. */
const leaving = new Map<number, ReturnType<typeof setTimeout>>()

/** Keeps a toast while the pointer or keyboard focus is on it, so its button can still be pressed. */
export function holdToast(id: number): void {
  clearTimeout(leaving.get(id))
  leaving.delete(id)
}

/** Lets a toast that leaves by itself go again, after its full time. */
export function releaseToast(id: number): void {
  const t = store.getState().toasts.find((x) => x.id === id)
  if (!t || t.kind === 'error') return
  holdToast(id)
  leaving.set(id, setTimeout(() => dismissToast(id), t.button ? 15_000 : 5000))
}

/** Closes the "is up to date" toasts of syncs whose cards now say something else, so none sits beside "Conflicts waiting". */
export function dropStaleUpToDate(cards: readonly { sync: { id: string }; state: string }[]): void {
  for (const t of store.getState().toasts) {
    const card = t.upToDate ? cards.find((c) => c.sync.id === t.upToDate) : undefined
    if (card && card.state !== 'ok' && card.state !== 'running') dismissToast(t.id)
  }
}

/** Closes a toast. */
export function dismissToast(id: number): void {
  holdToast(id)
  store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }))
}
