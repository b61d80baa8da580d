import { describe, expect, it } from 'vitest'
import { decideAlerts } from '../../src/main/health/alerts'
import { emptyAlertMemory, emptySnapshot, type Alert, type ConnectionSnapshot, type HealthSnapshot, type SyncSnapshot } from '../../src/main/health/alert-types'
import type { ConnectionState } from '../../src/main/health/connection-health'
import type { SyncState } from '../../src/main/health/sync-health'

const T0 = Date.parse('2025-06-02T12:00:00Z')
const MIN = 60_000
const DAY = 86_400_000

const NAMES: Record<string, string> = { orders: 'Shop orders → Books', contacts: 'Contacts → Mailchimp', stock: 'Stock levels', refunds: 'Refunds → Books' }
const sync = (id: string, state: SyncState, extra: Partial<SyncSnapshot> = {}): SyncSnapshot => ({
  syncId: id,
  name: NAMES[id] ?? id,
  state,
  openConflicts: 0,
  lastError: state === 'failing' ? 'Books did not answer in time.' : null,
  ...extra
})
const conn = (id: string, state: ConnectionState, refreshTokenExpiresAt: number | null = null): ConnectionSnapshot => ({
  connectionId: id,
  label: id === 'xero' ? 'Xero' : id === 'shopify' ? 'Shopify' : id,
  state,
  refreshTokenExpiresAt
})
const snap = (syncs: SyncSnapshot[], connections: ConnectionSnapshot[] = []): HealthSnapshot => ({ syncs, connections })

/** One health snapshot, `minutes` after T0. */
interface Step {
  minutes: number
  snapshot: HealthSnapshot
}

/** Feeds the steps in order, carrying memory along; returns each step's alerts as "kind: title". */
function play(steps: Step[]): string[][] {
  let prev = emptySnapshot()
  let memory = emptyAlertMemory()
  return steps.map(({ minutes, snapshot }) => {
    const decision = decideAlerts(prev, snapshot, T0 + minutes * MIN, memory)
    prev = snapshot
    memory = decision.memory
    return decision.alerts.map((a) => `${a.kind}: ${a.title}`)
  })
}

const at = (minutes: number, snapshot: HealthSnapshot): Step => ({ minutes, snapshot })

describe('decideAlerts', () => {
  it.each<[string, Step[], string[][]]>([
    [
      'a sync that starts failing is told once, not on every retry',
      [at(0, snap([sync('orders', 'ok')])), at(5, snap([sync('orders', 'failing')])), at(10, snap([sync('orders', 'failing')])), at(15, snap([sync('orders', 'failing')]))],
      [[], ['sync-failing: “Shop orders → Books” stopped syncing'], [], []]
    ],
    [
      'a recovery is told once',
      [at(0, snap([sync('orders', 'failing')])), at(5, snap([sync('orders', 'ok')])), at(10, snap([sync('orders', 'running')])), at(15, snap([sync('orders', 'ok')]))],
      [['sync-failing: “Shop orders → Books” stopped syncing'], ['recovered: “Shop orders → Books” is syncing again'], [], []]
    ],
    [
      'flapping is told each time it changes, never twice in a row',
      [at(0, snap([sync('orders', 'failing')])), at(5, snap([sync('orders', 'partial')])), at(10, snap([sync('orders', 'failing')]))],
      [['sync-failing: “Shop orders → Books” stopped syncing'], ['recovered: “Shop orders → Books” is syncing again'], ['sync-failing: “Shop orders → Books” stopped syncing']]
    ],
    [
      'nothing is said about things that were never told broken',
      [at(0, snap([sync('orders', 'ok')], [conn('xero', 'degraded')])), at(5, snap([sync('orders', 'conflicts')], [conn('xero', 'ok')]))],
      [[], []]
    ],
    [
      'pausing a failing sync is not a recovery; running fine afterwards is',
      [at(0, snap([sync('orders', 'failing')])), at(5, snap([sync('orders', 'paused')])), at(10, snap([sync('orders', 'ok')]))],
      [['sync-failing: “Shop orders → Books” stopped syncing'], [], ['recovered: “Shop orders → Books” is syncing again']]
    ],
    [
      'a deleted failing sync is forgotten without a recovery',
      [at(0, snap([sync('orders', 'failing')])), at(5, snap([])), at(10, snap([sync('orders', 'ok')]))],
      [['sync-failing: “Shop orders → Books” stopped syncing'], [], []]
    ],
    [
      'a connection that needs reconnecting, then is reconnected',
      [at(0, snap([], [conn('xero', 'ok')])), at(5, snap([], [conn('xero', 'needs-reconnect')])), at(10, snap([], [conn('xero', 'needs-reconnect')])), at(15, snap([], [conn('xero', 'ok')]))],
      [[], ['needs-reconnect: Xero needs you to sign in again'], [], ['recovered: Xero is working again']]
    ],
    [
      'a failing connection that then loses its sign-in is told both',
      [at(0, snap([], [conn('xero', 'failing')])), at(5, snap([], [conn('xero', 'degraded')])), at(10, snap([], [conn('xero', 'failing')])), at(15, snap([], [conn('xero', 'needs-reconnect')]))],
      [['connection-failing: Patchbay can’t reach Xero'], ['recovered: Xero is working again'], ['connection-failing: Patchbay can’t reach Xero'], ['needs-reconnect: Xero needs you to sign in again']]
    ],
    [
      'two things breaking at once are told one by one',
      [at(0, snap([sync('orders', 'failing'), sync('contacts', 'failing')]))],
      [['sync-failing: “Shop orders → Books” stopped syncing', 'sync-failing: “Contacts → Mailchimp” stopped syncing']]
    ],
    [
      'three or more breaking at once become one digest, and so does their recovery',
      [
        at(0, snap([sync('orders', 'ok'), sync('contacts', 'ok'), sync('stock', 'ok'), sync('refunds', 'ok')], [conn('xero', 'ok')])),
        at(5, snap([sync('orders', 'failing'), sync('contacts', 'failing'), sync('stock', 'failing'), sync('refunds', 'ok')], [conn('xero', 'failing')])),
        at(10, snap([sync('orders', 'failing'), sync('contacts', 'failing'), sync('stock', 'failing'), sync('refunds', 'failing')], [conn('xero', 'failing')])),
        at(15, snap([sync('orders', 'ok'), sync('contacts', 'ok'), sync('stock', 'ok'), sync('refunds', 'ok')], [conn('xero', 'ok')]))
      ],
      [[], ['digest: 4 things stopped working'], ['sync-failing: “Refunds → Books” stopped syncing'], ['recovered: 5 things are working again']]
    ],
    [
      'an expiring refresh token is warned about once, ahead of time',
      [
        at(0, snap([], [conn('xero', 'ok', T0 + 30 * DAY)])),
        at(5, snap([], [conn('xero', 'ok', T0 + 5 * DAY)])),
        at(10, snap([], [conn('xero', 'degraded', T0 + 5 * DAY)])),
        at(15, snap([], [conn('xero', 'ok', T0 + 5 * DAY)]))
      ],
      [[], ['token-expiring: Xero will need you to sign in again soon'], [], []]
    ],
    [
      'a new token is warned about again when it too gets close; an expired one is a reconnect instead',
      [
        at(0, snap([], [conn('xero', 'ok', T0 + 2 * DAY)])),
        at(5, snap([], [conn('xero', 'ok', T0 + 3 * DAY)])),
        at(10, snap([], [conn('shopify', 'needs-reconnect', T0 + 2 * DAY)]))
      ],
      [['token-expiring: Xero will need you to sign in again soon'], ['token-expiring: Xero will need you to sign in again soon'], ['needs-reconnect: Shopify needs you to sign in again']]
    ],
    [
      'new conflicts are batched across syncs, then held back for a quiet period',
      [
        at(0, snap([sync('orders', 'ok'), sync('contacts', 'ok')])),
        at(1, snap([sync('orders', 'conflicts', { openConflicts: 3 }), sync('contacts', 'conflicts', { openConflicts: 2 })])),
        at(5, snap([sync('orders', 'conflicts', { openConflicts: 4 }), sync('contacts', 'conflicts', { openConflicts: 2 })])),
        at(10, snap([sync('orders', 'conflicts', { openConflicts: 4 }), sync('contacts', 'conflicts', { openConflicts: 2 })])),
        at(20, snap([sync('orders', 'conflicts', { openConflicts: 4 }), sync('contacts', 'conflicts', { openConflicts: 2 })])),
        at(60, snap([sync('orders', 'conflicts', { openConflicts: 4 }), sync('contacts', 'conflicts', { openConflicts: 2 })]))
      ],
      [[], ['conflicts: 5 conflicts wait in 2 syncs'], [], [], ['conflicts: 1 conflict waits in “Shop orders → Books”'], []]
    ],
    [
      'conflicts settled before they were told are not told',
      [
        at(0, snap([sync('orders', 'conflicts', { openConflicts: 2 })])),
        at(1, snap([sync('orders', 'conflicts', { openConflicts: 3 })])),
        at(2, snap([sync('orders', 'ok', { openConflicts: 0 })])),
        at(30, snap([sync('orders', 'ok', { openConflicts: 0 })]))
      ],
      [['conflicts: 2 conflicts wait in “Shop orders → Books”'], [], [], []]
    ]
  ])('%s', (_, steps, expected) => {
    expect(play(steps)).toEqual(expected)
  })

  it('feeding the same snapshot again never repeats an alert', () => {
    const broken = snap(
      [sync('orders', 'failing'), sync('contacts', 'conflicts', { openConflicts: 2 })],
      [conn('xero', 'needs-reconnect'), conn('shopify', 'ok', T0 + DAY)]
    )
    const steps = [0, 1, 30, 600, 6000].map((m) => at(m, broken))
    const said = play(steps)
    expect(said[0]).toHaveLength(4)
    expect(said.slice(1)).toEqual([[], [], [], []])
  })

  it('words the alerts for a shop owner, with where to go and what to do', () => {
    const { alerts } = decideAlerts(
      emptySnapshot(),
      snap([sync('orders', 'failing'), sync('contacts', 'conflicts', { openConflicts: 1 })], [conn('xero', 'needs-reconnect'), conn('shopify', 'ok', T0 + 5 * DAY)]),
      T0,
      emptyAlertMemory()
    )
    const byKind = Object.fromEntries(alerts.map((a) => [a.kind, a])) as Record<Alert['kind'], Alert>
    expect(byKind['sync-failing']).toEqual({
      id: `sync-failing:orders:${T0}`,
      kind: 'sync-failing',
      severity: 'error',
      title: '“Shop orders → Books” stopped syncing',
      body: 'Books did not answer in time. Patchbay will try again at the next run.',
      target: { view: 'syncs', id: 'orders' },
      action: { label: 'Try again', command: 'sync:run' }
    })
    expect(byKind['needs-reconnect']).toMatchObject({
      severity: 'error',
      body: 'Patchbay lost access to Xero, so its syncs are on hold until you reconnect it.',
      target: { view: 'connections', id: 'xero' },
      action: { label: 'Reconnect', command: 'connection:reconnect' }
    })
    expect(byKind['token-expiring']).toMatchObject({
      severity: 'warning',
      body: 'Patchbay’s access to Shopify runs out in 5 days. Reconnect now to keep its syncs running.',
      action: { label: 'Reconnect', command: 'connection:reconnect' }
    })
    expect(byKind.conflicts).toMatchObject({
      title: '1 conflict waits in “Contacts → Mailchimp”',
      body: 'A record was changed on both sides. Choose which value to keep; the rest keeps syncing.',
      target: { view: 'conflicts', id: 'contacts' }
    })
  })

  it('names what broke in a digest and sends the person to the overview', () => {
    const { alerts } = decideAlerts(emptySnapshot(), snap([sync('orders', 'failing'), sync('contacts', 'failing'), sync('stock', 'failing'), sync('refunds', 'failing')]), T0, emptyAlertMemory())
    expect(alerts).toEqual([
      {
        id: `digest:overview:${T0}`,
        kind: 'digest',
        severity: 'error',
        title: '4 things stopped working',
        body: '“Shop orders → Books”, “Contacts → Mailchimp” and 2 more need you. This often means the internet or one service is down.',
        target: { view: 'overview' }
      }
    ])
  })

  it('does not change the memory it was given', () => {
    const memory = emptyAlertMemory()
    decideAlerts(emptySnapshot(), snap([sync('orders', 'failing')]), T0, memory)
    expect(memory).toEqual(emptyAlertMemory())
  })
})
