/**
 * No order ships twice: the orders → shipments sync is SIGKILLed (a real child process)
 * before and after each write to ShipStation and after each link commit, then run again to
 * the end. ShipStation (the stand-in, in this process) must hold exactly one shipment per
 * order, the sync a link for each with no Failure, and a further run nothing to do.
 *
 * Four orders in chunks of two: six points (before and after each chunk's write, after each
 * commit), so a kill lands after ShipStation made shipments whose links were never saved.
 * Two guards meet there: the next run reads ShipStation and pairs those shipments by order
 * id, and a create sent again is refused by ShipStation (`external_shipment_id` is unique)
 * and read back by the connector (test/connectors/shipstation/connector.test.ts).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { runSync } from '../../../src/main/engine/run'
import { startShipStation, type ShipStationStandIn } from '../../../src/main/stand-ins/shipstation'
import { bundled } from '../../support/bundle'
import { ORDER_COLUMNS, order } from './flow-world'
import { openCrashWorld } from './fixtures/crash-world'

const exec = promisify(execFile)
let child = ''
beforeAll(async () => {
  child = await bundled(join(import.meta.dirname, 'fixtures', 'crash-child.ts'))
})

async function runChild(dir: string, s: ShipStationStandIn, at: number): Promise<{ killed: boolean; points?: number; status?: string }> {
  try {
    const { stdout } = await exec(process.execPath, [child, dir, s.url, s.key, String(at)], { timeout: 60_000 })
    return { killed: false, ...JSON.parse(stdout.trim().split('\n').pop()!) }
  } catch (e) {
    const err = e as { signal?: string; stderr?: string }
    if (err.signal === 'SIGKILL') return { killed: true }
    throw new Error(`child failed: ${err.stderr}`)
  }
}

async function shop(): Promise<{ dir: string; s: ShipStationStandIn }> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-ship-crash-'))
  const rows = [1, 2, 3, 4].map((n) => order(n))
  await writeFile(join(dir, 'orders.csv'), [ORDER_COLUMNS.join(','), ...rows.map((r) => ORDER_COLUMNS.map((c) => r[c]).join(','))].join('\n') + '\n')
  return { dir, s: await startShipStation() }
}

describe('orders → shipments killed while it writes', () => {
  it('ends with one shipment per order at every crash point, and nothing left to do', async () => {
    const clean = await shop()
    const reference = await runChild(clean.dir, clean.s, 0)
    await clean.s.close()
    expect(reference.status).toBe('ok')
    const points = reference.points!
    expect(points).toBe(6)
    for (let at = 1; at <= points; at++) {
      const { dir, s } = await shop()
      try {
        expect((await runChild(dir, s, at)).killed, `crash point ${at} was reached`).toBe(true)
        const { sync, adapters, state } = await openCrashWorld(dir, s.url, s.key)
        const { run } = await runSync({ sync, adapters, state, trigger: 'manual' })
        expect(run.status, `after crash ${at}: ${JSON.stringify(run.error)}`).toBe('ok')
        const orders = [...s.store.shipments.values()].map((x) => x.external_shipment_id).sort()
        expect(orders, `shipments after crash ${at}`).toEqual(['#1001', '#1002', '#1003', '#1004'])
        expect(state.data.failures, `failures after crash ${at}`).toEqual([])
        const again = await runSync({ sync, adapters: { left: adapters.left, right: (await openCrashWorld(dir, s.url, s.key)).adapters.right }, state, trigger: 'manual' })
        expect(again.run.counts, `nothing left after crash ${at}`).toMatchObject({ created: 0, updated: 0, failed: 0 })
      } finally {
        await s.close()
      }
    }
  }, 120_000)
})
