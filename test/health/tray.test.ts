import { describe, expect, it } from 'vitest'
import type { ConnectionState } from '../../src/main/health/connection-health'
import type { SyncState } from '../../src/main/health/sync-health'
import { worstState, type TrayState } from '../../src/main/health/tray'

const syncs = (...states: Array<SyncState | 'ok+running'>) =>
  states.map((s) => (s === 'ok+running' ? { state: 'conflicts' as const, running: true } : { state: s, running: s === 'running' }))
const connections = (...states: ConnectionState[]) => states.map((state) => ({ state }))

describe('worstState', () => {
  it.each<[string, ReturnType<typeof syncs>, ReturnType<typeof connections>, TrayState]>([
    ['nothing set up', [], [], 'ok'],
    ['all fine, one paused', syncs('ok', 'paused'), connections('ok'), 'ok'],
    ['one syncing', syncs('ok', 'running'), connections('ok'), 'syncing'],
    ['conflicts beat syncing', syncs('running', 'conflicts'), [], 'warning'],
    ['a running sync with conflicts is a warning', syncs('ok+running'), [], 'warning'],
    ['a degraded connection is a warning', syncs('ok'), connections('degraded'), 'warning'],
    ['partial is a warning', syncs('partial'), [], 'warning'],
    ['deletes held for the owner are a warning', syncs('ok', 'deletes'), [], 'warning'],
    ['failing beats everything', syncs('running', 'conflicts', 'failing'), connections('degraded'), 'failing'],
    ['a connection needing reconnect is failing', syncs('ok'), connections('needs-reconnect'), 'failing']
  ])('%s → %s', (_, s, c, expected) => {
    expect(worstState({ syncs: s, connections: c })).toBe(expected)
  })
})
