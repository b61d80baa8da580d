/** The words and rules of the browser tab's alerts: titles that count, where a click goes, sentences joined properly. */
import { describe, expect, it } from 'vitest'
import { chartTicks, sentences } from '../../src/renderer/src/lib/format'
import { alertHref, titleFor } from '../../src/renderer/src/lib/alert-words'
import type { SyncCard } from '../../src/shared/contract'

const card = (id: string, state: SyncCard['state'], extra: Partial<SyncCard> = {}) => ({ sync: { id, name: id }, state, running: false, openConflicts: 0, openFailures: 0, ...extra }) as unknown as SyncCard

describe('the tab title', () => {
  it('counts the syncs that need the owner, as the Overview headline does, and nothing when all is well', () => {
    expect(titleFor([card('a', 'ok'), card('b', 'ok')])).toBe('Patchbay')
    expect(titleFor([card('a', 'failing'), card('b', 'conflicts', { openConflicts: 2 }), card('c', 'ok')])).toBe('(2) Patchbay')
    // A plain pause is the owner's choice: not counted. A paused sync with conflicts waiting is.
    expect(titleFor([card('a', 'paused')])).toBe('Patchbay')
    expect(titleFor([card('a', 'paused', { openConflicts: 1 })])).toBe('(1) Patchbay')
  })
})

describe('where an alert takes the owner', () => {
  it('opens the sync, the conflicts of the sync, or the view', () => {
    const alert = (view: 'overview' | 'conflicts' | 'connections' | 'syncs', id?: string) => ({ id: 'x', kind: 'k', title: 't', body: 'b', severity: 'error' as const, target: { view, id } })
    expect(alertHref(alert('syncs', 'shop orders'))).toBe('#/syncs/shop%20orders')
    expect(alertHref(alert('conflicts', 'crm'))).toBe('#/conflicts?sync=crm')
    expect(alertHref(alert('connections', 'hubspot'))).toBe('#/connections')
    expect(alertHref(alert('overview'))).toBe('#/overview')
  })
})

describe('sentences', () => {
  it('ends each part with a full stop, keeps ones that have one, and skips empty parts', () => {
    expect(sentences('Its columns are: "ref", "phone"', 'Put the "id" column back.')).toBe('Its columns are: "ref", "phone". Put the "id" column back.')
    expect(sentences('HubSpot refused the key.', undefined, '  ')).toBe('HubSpot refused the key.')
    expect(sentences('Is it "on"?', 'Check it')).toBe('Is it "on"? Check it.')
  })
})

describe('the chart’s scale', () => {
  it('uses round steps that reach the highest day, starting at 0', () => {
    expect(chartTicks(364)).toEqual([0, 200, 400])
    expect(chartTicks(7)).toEqual([0, 5, 10])
    expect(chartTicks(1)).toEqual([0, 1])
    expect(chartTicks(0)).toEqual([0, 1])
    expect(chartTicks(12_500)).toEqual([0, 5000, 10000, 15000])
    for (const max of [3, 42, 999, 1001, 87_654]) {
      const t = chartTicks(max)
      expect(t[0]).toBe(0)
      expect(t[t.length - 1]).toBeGreaterThanOrEqual(max)
      expect(t.length).toBeLessThanOrEqual(5)
    }
  })
})
