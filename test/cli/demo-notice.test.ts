/**
 * `patchbay serve --demo` when a vendor stand-in cannot start (issue 9, point 13): the demo
 * says so on the console and in the app instead of quietly putting CSV files in the place
 * of Stripe and QuickBooks. The failure is real: the QuickBooks stand-in's start meets a
 * port another program holds (EADDRINUSE). The app is asked over the headless server's
 * own HTTP API, as the browser asks it.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppInfo, ConnectionCard, SyncCard } from '../../src/shared/contract'
import { serve, type Serving } from '../../src/main/server/serve'
import { startFakeQuickBooks, type FakeQuickBooksOptions } from '../../src/main/stand-ins/quickbooks'
import { startFakeStripe, type FakeStripe, type FakeStripeOptions } from '../../src/main/stand-ins/stripe'

let serving: Serving | undefined
let holder: Server | undefined
afterEach(async () => {
  await serving?.close()
  await new Promise((r) => (holder ? holder.close(r) : r(undefined)))
  serving = holder = undefined
})

/** Listens on `port` of 127.0.0.1, as a server does; rejects as Node does when the port is taken. */
function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(port, '127.0.0.1', () => resolve(s))
  })
}

/** A built renderer's shape: what serve needs to find before it starts. */
async function rendererDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-demo-ui-'))
  await mkdir(join(dir, 'assets'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Patchbay</title>')
  return dir
}

describe('the demo when the QuickBooks stand-in cannot start', () => {
  it('says so on the console and in the app, names what failed, and runs its payments on the CSV files it says it uses', async () => {
    holder = await listenOn(0)
    const taken = (holder.address() as AddressInfo).port
    let stripe: FakeStripe | undefined
    const lines: string[] = []
    serving = await serve(
      {
        demo: true,
        rendererDir: await rendererDir(),
        demoStarters: {
          stripe: async (o: FakeStripeOptions) => (stripe = await startFakeStripe(o)),
          // Its port is held by another program: the listen fails before the stand-in is up.
          quickbooks: async (o: FakeQuickBooksOptions) => {
            await (await listenOn(taken)).close()
            return startFakeQuickBooks(o)
          }
        }
      },
      (line) => lines.push(line)
    )

    // The console: one line that says what failed and what stands in, before the address to open.
    const note = lines.find((l) => l.startsWith('Note: The stand-ins for Stripe and QuickBooks could not start'))
    expect(note, lines.join('\n')).toBeDefined()
    expect(note).toContain(`EADDRINUSE`)
    expect(note).toContain(`127.0.0.1:${taken}`)
    expect(note).toMatch(/so this demo uses CSV files in their place: the payments syncs read and write files in .+ instead\.$/)
    expect(lines.findIndex((l) => l === note)).toBeLessThan(lines.findIndex((l) => l.startsWith('Patchbay is running')))

    // The app, over the server's HTTP API as the browser calls it.
    const url = new URL(serving.server.url)
    const token = /token=([\w-]+)/.exec(url.hash)![1]
    const call = async <T>(channel: string, body: unknown = {}): Promise<T> => {
      const res = await fetch(`${url.origin}/api/${channel}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      expect(res.status, `${channel}: ${res.status}`).toBe(200)
      return ((await res.json()) as { ok: T }).ok
    }
    const info = await call<AppInfo>('app:info')
    expect(info).toMatchObject({ demo: true, demoNotice: note!.slice('Note: '.length) })
    // What it says stands in is what runs: the payments syncs are on CSV files, none on Stripe or QuickBooks.
    const cards = await call<SyncCard[]>('status:get')
    const money = cards.filter((c) => /payment|till|book/i.test(c.sync.name))
    expect(money.length).toBeGreaterThan(0)
    const connections = (await call<ConnectionCard[]>('connections:list')).map((c) => c.connection)
    const systemOf = new Map(connections.map((c) => [c.id, c.system]))
    for (const c of money) expect([systemOf.get(c.sync.left.connectionId), systemOf.get(c.sync.right.connectionId)], c.sync.name).toEqual(['csv', 'csv'])
    expect(connections.map((c) => c.system)).not.toContain('stripe')
    expect(connections.map((c) => c.system)).not.toContain('quickbooks')
    // The Stripe stand-in that did start was stopped again, not left listening.
    expect(stripe).toBeDefined()
    await expect(fetch(`${stripe!.url}/v1/charges`)).rejects.toThrow()
  }, 120_000)
})
