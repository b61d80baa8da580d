/**
 * Two-way sync of 50,000 records a side, 10% differing: initial sync, a no-change rerun
 * and a 100-change rerun, through real CSV files or the in-memory connector (to separate
 * engine cost from file cost). Prints one JSON line of figures; run by bench/engine.bench.ts.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { syncSchema, type Sync } from '../src/shared/domain'
import { csvConnector } from '../src/main/connectors/csv'
import { MemoryTable } from '../src/main/connectors/memory'
import { connectionSchema } from '../src/shared/domain'
import type { ObjectAdapter } from '../src/main/connectors/types'
import { SyncState } from '../src/main/engine/state'
import { runSync } from '../src/main/engine/run'

const N = Number(process.env.BENCH_RECORDS ?? 50_000)
const mode = process.argv[2] === 'memory' ? 'memory' : 'csv'

const sync: Sync = syncSchema.parse({
  id: 'bench', name: 'bench', left: { connectionId: 'l', object: 'left' }, right: { connectionId: 'r', object: 'right' },
  mapping: [
    { name: 'email', left: 'email', right: 'email', fromLeft: [{ kind: 'lower' }], fromRight: [{ kind: 'lower' }] },
    { name: 'name', left: 'name', right: 'name' },
    { name: 'phone', left: 'phone', right: 'phone' },
    { name: 'city', left: 'city', right: 'city' },
    { name: 'company', left: 'company', right: 'company' },
    { name: 'plan', left: 'plan', right: 'plan' }
  ],
  match: { field: 'email' }, conflictPolicy: 'prefer-left', deletes: 'propagate'
})

const row = (i: number, variant: boolean) => ({ id: `L${i}`, email: `person${i}@example.com`, name: `Person ${i}`, phone: `+44207946${String(i).padStart(5, '0')}`, city: variant ? 'Bristol' : ['Leeds', 'York', 'Hull'][i % 3], company: `Company ${i % 997}`, plan: i % 5 ? 'basic' : 'pro' })
const COLS = ['id', 'email', 'name', 'phone', 'city', 'company', 'plan']

async function setup(): Promise<{ adapters: Record<'left' | 'right', ObjectAdapter>; edit: () => Promise<void> }> {
  if (mode === 'memory') {
    const left = new MemoryTable({ maxBatch: 5000, pageSize: 5000 })
    const right = new MemoryTable({ maxBatch: 5000, pageSize: 5000 })
    for (let i = 0; i < N; i++) {
      const { id, ...f } = row(i, false)
      left.put(id, f)
      const r = row(i, i % 10 === 0)
      right.put(`R${i}`, { email: r.email, name: r.name, phone: r.phone, city: r.city, company: r.company, plan: r.plan })
    }
    return { adapters: { left, right }, edit: async () => { for (let i = 0; i < 100; i++) left.put(`L${i * 97}`, { city: 'Changed' }) } }
  }
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-bench-'))
  const lines = (variant: (i: number) => boolean, cols: string[]) => [cols.join(','), ...Array.from({ length: N }, (_, i) => { const r = row(i, variant(i)) as Record<string, string>; return cols.map((c) => r[c]).join(',') })].join('\n') + '\n'
  await writeFile(join(dir, 'left.csv'), lines(() => false, COLS))
  await writeFile(join(dir, 'right.csv'), lines((i) => i % 10 === 0, COLS.slice(1)))
  const open = async (id: string, file: string, key: string) => (await csvConnector.open({ connection: connectionSchema.parse({ id, system: 'csv', label: id, settings: { file: join(dir, file), keyColumn: key, batchSize: 50_000 } }), secrets: {} })).object(file.replace('.csv', ''))
  return {
    adapters: { left: await open('l', 'left.csv', 'id'), right: await open('r', 'right.csv', 'email') },
    edit: async () => {
      let text = await readFile(join(dir, 'left.csv'), 'utf8')
      for (let i = 0; i < 100; i++) text = text.replace(`,Person ${i * 97},`, `,Person ${i * 97} Changed,`)
      await writeFile(join(dir, 'left.csv'), text)
    }
  }
}

const { adapters, edit } = await setup()
const state = await SyncState.open(await mkdtemp(join(tmpdir(), 'patchbay-bench-state-')))
const timed = async () => {
  const t = performance.now()
  const { run } = await runSync({ sync, adapters, state, trigger: 'manual' })
  if (run.status !== 'ok') throw new Error(`bench run ${run.status}: ${run.error?.message}`)
  return { ms: performance.now() - t, written: run.counts.created + run.counts.updated + run.counts.deleted }
}
const initial = await timed()
const noChange = await timed()
const settle = await timed()
await edit()
const hundred = await timed()
process.stdout.write(JSON.stringify({
  mode, records: N, initialMs: Math.round(initial.ms), initialWritten: initial.written,
  noChangeRerunMs: Math.round(settle.ms), firstRerunMs: Math.round(noChange.ms), hundredChangeMs: Math.round(hundred.ms), hundredWritten: hundred.written,
  writtenPerSec: Math.round(initial.written / (initial.ms / 1000)), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024)
}) + '\n')
