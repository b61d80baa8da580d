/** Health of syncs and connections, the tray state, and when to notify (DESIGN.md §5). */
export { syncHealth } from './sync-health'
export type { SyncHealth, SyncHealthInput, SyncState } from './sync-health'
export { apiUsageOf, connectionHealth, DEFAULT_ALLOWANCE_WARN_SHARE, DEFAULT_EXPIRY_WARN_DAYS, signInExpiry, usageWords } from './connection-health'
export type { ConnectionError, ConnectionHealth, ConnectionHealthInput, ConnectionHealthOptions, ConnectionState } from './connection-health'
export { worstState } from './tray'
export type { TrayState } from './tray'
export { decideAlerts } from './alerts'
export type { AlertDecision, AlertOptions } from './alerts'
export { alertMemorySchema, emptyAlertMemory, emptySnapshot } from './alert-types'
export type {
  Alert,
  AlertAction,
  AlertKind,
  AlertMemory,
  AlertSeverity,
  AlertTarget,
  ConnectionSnapshot,
  HealthSnapshot,
  OpenProblem,
  SyncSnapshot
} from './alert-types'
