/**
 * The shapes the alert rules work on. All plain data: the caller keeps `AlertMemory`
 * between calls (and may store it, so a restart does not repeat yesterday's alerts).
 */
import { z } from 'zod'
import type { ConnectionHealth } from './connection-health'
import type { SyncHealth } from './sync-health'

/** What an alert is about. */
export type AlertKind = 'sync-failing' | 'connection-failing' | 'needs-reconnect' | 'token-expiring' | 'conflicts' | 'recovered' | 'digest' | 'sync-notice' | 'allowance-low'

/** How loud: `error` needs the person, `warning` soon, `info` is good news. */
export type AlertSeverity = 'info' | 'warning' | 'error'

/** Where clicking the notification takes the person. */
export interface AlertTarget {
  view: 'overview' | 'conflicts' | 'connections' | 'syncs'
  /** The sync or connection to open, when it is one. */
  id?: string
}

/**
 * A button on the notification. `command` names what the shell does with `target.id`:
 * `sync:run`, `connection:test` or `connection:reconnect`.
 */
export interface AlertAction {
  label: string
  command: 'sync:run' | 'connection:test' | 'connection:reconnect'
}

/** One notification, in words a shop owner understands. */
export interface Alert {
  id: string
  kind: AlertKind
  title: string
  body: string
  severity: AlertSeverity
  target: AlertTarget
  action?: AlertAction
}

/** The parts of a sync's health the alert rules read. */
export type SyncSnapshot = Pick<SyncHealth, 'syncId' | 'name' | 'state' | 'openConflicts' | 'lastError'> & Partial<Pick<SyncHealth, 'notice'>>

/** The parts of a connection's health the alert rules read. */
export type ConnectionSnapshot = Pick<ConnectionHealth, 'connectionId' | 'label' | 'state' | 'refreshTokenExpiresAt'> & Partial<Pick<ConnectionHealth, 'apiUsage' | 'allowanceLow'>>

/** Health of everything at one moment. */
export interface HealthSnapshot {
  syncs: readonly SyncSnapshot[]
  connections: readonly ConnectionSnapshot[]
}

/** A problem the person was told about and not yet told is over. */
export interface OpenProblem {
  kind: 'sync-failing' | 'connection-failing' | 'needs-reconnect'
  name: string
}

/** What the alert rules remember between calls. */
export interface AlertMemory {
  /** Keyed `sync:<id>` or `connection:<id>`. */
  open: Record<string, OpenProblem>
  /** Per connection, the refresh-token expiry (epoch ms) already warned about. */
  tokenWarned: Record<string, number>
  /** When the last conflicts alert went out (epoch ms), and new conflicts per sync not yet told. */
  conflicts: { lastAt: number | null; pending: Record<string, number> }
  /** Per sync, the notice (an undo's hold, a restored state) already told; absent in memory saved before notices existed. */
  noticed?: Record<string, string>
  /** Connections already told their daily API allowance is running low (until it frees up again). */
  allowanceWarned?: Record<string, true>
}

/**
 * `AlertMemory` as it is stored (automation.json), checked when read: a damaged value is
 * caught on opening (the file moved aside, a backup restored, the owner told) instead of
 * stopping every later health check. Unknown extra properties are kept, for a newer Patchbay.
 */
export const alertMemorySchema: z.ZodType<AlertMemory> = z
  .object({
    open: z.record(z.string(), z.object({ kind: z.enum(['sync-failing', 'connection-failing', 'needs-reconnect']), name: z.string() }).passthrough()),
    tokenWarned: z.record(z.string(), z.number()),
    conflicts: z.object({ lastAt: z.number().nullable(), pending: z.record(z.string(), z.number()) }).passthrough(),
    noticed: z.record(z.string(), z.string()).optional(),
    allowanceWarned: z.record(z.string(), z.literal(true)).optional()
  })
  .passthrough()

/** Memory before anything was said. */
export function emptyAlertMemory(): AlertMemory {
  return { open: {}, tokenWarned: {}, conflicts: { lastAt: null, pending: {} } }
}

/** Health before anything was known: the first real snapshot is compared with this. */
export function emptySnapshot(): HealthSnapshot {
  return { syncs: [], connections: [] }
}
