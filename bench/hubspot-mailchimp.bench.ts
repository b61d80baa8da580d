/**
 * HubSpot → Mailchimp, 10,000 contacts, through both fakes.
 *
 * 1. Limits on, in this process with the production connectors: the first run (HubSpot's
 *    list, Mailchimp's batch writes), a rerun with nothing changed, and an incremental run
 *    after every contact changed (HubSpot's search, metered at 4 a second). API calls
 *    against the floor set by the batch sizes, bytes Mailchimp answered, wall time against
 *    the floor set by the rate limits, 429s, peak RSS.
 * 2. Limits off, as whole processes against the same stand-ins, alternating: a stateless
 *    baseline script with plain fetch (./hubspot-mailchimp.baseline.mjs) and `patchbay run`
 *    (the built CLI, under a private keychain, with links, journal and logs written). Wall
 *    time and peak RSS from /usr/bin/time, time from exec to the first request either
 *    stand-in saw, and `patchbay run` as a ratio to the baseline, each beside its goal.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { syncSchema, type Sync } from '../src/shared/domain'
import { createHubspotConnector } from '../src/main/connectors/hubspot'
import { createMailchimpConnector } from '../src/main/connectors/mailchimp'
import type { ObjectAdapter } from '../src/main/connectors/types'
import { runSync } from '../src/main/engine/run'
import { SyncState } from '../src/main/engine/state'
import { seedContacts, startFakeHubspot, type FakeHubspot } from '../src/main/stand-ins/hubspot'
import { startMailchimpFake, type MailchimpFake } from '../src/main/stand-ins/mailchimp'

const N = Number(process.env.BENCH_CONTACTS ?? 10_000)
const root = join(import.meta.dirname, '..')
const lower = [{ kind: 'trim' as const }, { kind: 'lower' as const }]
const syncInput = {
  id: 'hubspot-mailchimp',
  name: 'HubSpot → Mailchimp',
  left: { connectionId: 'crm', object: 'contacts' },
  right: { connectionId: 'mail', object: 'members' },
  direction: 'left-to-right' as const,
  mapping: [
    { name: 'email', left: 'email', right: 'email_address', fromLeft: lower, fromRight: lower },
    { name: 'first', left: 'firstname', right: 'FNAME' },
    { name: 'last', left: 'lastname', right: 'LNAME' },
    { name: 'phone', left: 'phone', right: 'PHONE' }
  ],
  match: { field: 'email' }
}

/** HubSpot's and Mailchimp's published numbers, for the floors. */
const HUBSPOT = { listPage: 100, searchPage: 200, perTenSeconds: 190, searchPerSecond: 4 }
const MAILCHIMP = { batch: 500 }

interface Counted {
  hubspot: number
  mailchimp: number
  /** Bytes of JSON Mailchimp answered with. */
  mailchimpBytes: number
  byKind: Record<string, number>
}

/** Empties both fakes' recorders (they keep every body) and counts what they saw. */
function drain(hub: FakeHubspot, mail: MailchimpFake, into: Counted): void {
  for (const e of hub.recorder.take()) {
    into.hubspot++
    const kind = e.path.endsWith('/search') ? 'hubspot search' : e.path.includes('/batch/') ? 'hubspot batch' : 'hubspot list'
    into.byKind[kind] = (into.byKind[kind] ?? 0) + 1
  }
  for (const e of mail.recorder.take()) {
    into.mailchimp++
    into.mailchimpBytes += e.responseBody === undefined ? 0 : Buffer.byteLength(JSON.stringify(e.responseBody))
    const kind = e.method !== 'GET' ? 'mailchimp write' : e.path.endsWith('/members') ? 'mailchimp listing' : e.path.endsWith('/merge-fields') ? 'mailchimp merge fields' : 'mailchimp other read'
    into.byKind[kind] = (into.byKind[kind] ?? 0) + 1
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`
const pct = (actual: number, floor: number): string => (floor > 0 ? `${actual >= floor ? '+' : ''}${(((actual - floor) / floor) * 100).toFixed(1)}%` : 'n/a')

async function limitsOn(): Promise<void> {
  const hub = await startFakeHubspot({ limits: { perInterval: HUBSPOT.perTenSeconds, searchPerWindow: HUBSPOT.searchPerSecond } })
  const mail = await startMailchimpFake()
  try {
    const contacts = seedContacts(hub.store, N)
    const crm = await createHubspotConnector().open({
      connection: { id: 'crm', system: 'hubspot', label: 'HubSpot', authKind: 'api-key', scopes: [], status: 'ok', settings: { baseUrl: hub.url } },
      secrets: { accessToken: hub.token }
    })
    const members = await createMailchimpConnector().open({
      connection: { id: 'mail', system: 'mailchimp', label: 'Mailchimp', authKind: 'api-key', scopes: [], status: 'ok', settings: { listId: mail.listId, baseUrl: mail.baseUrl } },
      secrets: { apiKey: mail.apiKey }
    })
    const dir = await mkdtemp(join(tmpdir(), 'patchbay-bench-hs-mc-'))
    const state = await SyncState.open(dir)
    const sync: Sync = syncSchema.parse(syncInput)
    const run = async (label: string, floors: { hubspot: number; mailchimp: number; waitMs: number; why: string }) => {
      const counted: Counted = { hubspot: 0, mailchimp: 0, mailchimpBytes: 0, byKind: {} }
      const adapters: Record<'left' | 'right', ObjectAdapter> = { left: crm.object('contacts'), right: members.object('members') }
      const started = performance.now()
      let pulledAt = 0
      const { run: result } = await runSync({
        sync, adapters, state, trigger: 'manual',
        onProgress: (p) => {
          if (p.kind === 'plan' && !pulledAt) pulledAt = performance.now()
          drain(hub, mail, counted)
        }
      })
      const ms = performance.now() - started
      drain(hub, mail, counted)
      const c = result.counts
      console.log(`  ${label}: ${result.status}, read ${c.read}, created ${c.created}, updated ${c.updated}, failed ${c.failed}${result.error ? ` (${result.error.message})` : ''}`)
      console.log(`    API calls: HubSpot ${counted.hubspot} (floor ${floors.hubspot}, ${pct(counted.hubspot, floors.hubspot)}), Mailchimp ${counted.mailchimp} (floor ${floors.mailchimp}, ${pct(counted.mailchimp, floors.mailchimp)}); ${Object.entries(counted.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}; Mailchimp answered ${(counted.mailchimpBytes / 1e6).toFixed(1)} MB of JSON`)
      const pull = pulledAt - started
      console.log(`    wall ${seconds(ms)} vs rate-limit floor ${seconds(floors.waitMs)} (${floors.why})${floors.waitMs > 0 ? `: ${pct(ms, floors.waitMs)}` : ''}; reading both sides took ${seconds(pull)}${floors.waitMs > 0 ? ` (${pct(pull, floors.waitMs)} over the floor)` : ''}, planning and writing the rest`)
    }
    console.log(`HubSpot → Mailchimp, ${N.toLocaleString('en')} contacts, vendors' limits on (HubSpot ${HUBSPOT.perTenSeconds}/10 s + search ${HUBSPOT.searchPerSecond}/s; Mailchimp 10 connections)`)
    const lists = Math.ceil(N / HUBSPOT.listPage)
    await run('first run', {
      hubspot: lists,
      mailchimp: 1 + Math.ceil(N / MAILCHIMP.batch),
      waitMs: Math.max(0, Math.ceil(lists / HUBSPOT.perTenSeconds) - 1) * 10_000,
      why: `${lists} list pages fit in ${Math.ceil(lists / HUBSPOT.perTenSeconds)} window(s) of ${HUBSPOT.perTenSeconds}; Mailchimp publishes no rate`
    })
    await run('nothing changed, rerun', {
      hubspot: 1,
      mailchimp: 2,
      waitMs: 0,
      why: 'one search page and two member listings (members, archived), plus members written in the last second listed again'
    })
    // Someone bulk-edits every contact through HubSpot's batch update: 100 records share a stamp.
    const at = Date.now()
    contacts.forEach((c, i) => hub.store.update(c, { firstname: `${c.properties.firstname}é` }, at + Math.floor(i / 100)))
    const searches = Math.ceil(N / HUBSPOT.searchPage)
    await run('every contact changed, incremental', {
      hubspot: searches + 1,
      mailchimp: 1 + Math.ceil(N / MAILCHIMP.batch),
      waitMs: ((searches - 1) / HUBSPOT.searchPerSecond) * 1000,
      why: `${searches} search pages at ${HUBSPOT.searchPerSecond}/s`
    })
    const hubspot429 = hub.throttled
    const mailchimp429 = mail.stats.throttled
    console.log(`    429s: HubSpot ${hubspot429}, Mailchimp ${mailchimp429}; peak RSS of this process (sync and both fakes) ${mb(process.resourceUsage().maxRSS * 1024)}`)
    await rm(dir, { recursive: true, force: true })
  } finally {
    await hub.close()
    await mail.close()
  }
}

/** Runs a command to its end without blocking this process's event loop (the fakes live here). */
function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

interface Timed {
  code: number | null
  stdout: string
  stderr: string
  /** Seconds, from /usr/bin/time. */
  wall: number
  /** Peak RSS in MB, from /usr/bin/time. */
  rssMb: number
  /** Milliseconds from the exec of the process to the first request either stand-in saw. */
  firstRequestMs: number
}

/**
 * Runs `command` (a node invocation) as a whole process under /usr/bin/time, after `setup`
 * (untimed), in `wrap` (e.g. the private keychain). The shell prints the clock just before
 * it execs, so the first request the stand-ins see can be timed from process start.
 */
async function timedRun(o: { setup?: string; command: string; wrap?: string[]; env: NodeJS.ProcessEnv; arrivals: number[] }): Promise<Timed | string> {
  const script = `${o.setup ? `${o.setup} >/dev/null && ` : ''}echo "__start__ $(date +%s%3N)" >&2 && exec /usr/bin/time -f "__time__ %e %M" ${o.command}`
  o.arrivals.length = 0
  const argv = [...(o.wrap ?? []), 'bash', '-c', script]
  const out = await exec(argv[0], argv.slice(1), o.env)
  const timed = /__time__ ([\d.]+) (\d+)/.exec(out.stderr)
  const started = Number(/__start__ (\d+)/.exec(out.stderr)?.[1])
  if (!timed || !Number.isFinite(started)) return `could not time it (exit ${out.code}): ${out.stderr.trim().split('\n').slice(-3).join(' / ')}`
  const first = o.arrivals.find((t) => t >= started)
  return { code: out.code, stdout: out.stdout, stderr: out.stderr, wall: Number(timed[1]), rssMb: Math.round(Number(timed[2]) / 1024), firstRequestMs: first === undefined ? NaN : first - started }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const spread = (xs: number[], unit: (x: number) => string): string => `${xs.map(unit).join(' / ')} (median ${unit(median(xs))})`

/** Notes the arrival time of every request a stand-in's recorder sees. */
function noteArrivals(recorder: { begin: (e: never) => unknown }, into: number[]): void {
  const begin = recorder.begin.bind(recorder)
  recorder.begin = ((e: never) => {
    into.push(Date.now())
    return begin(e)
  }) as typeof recorder.begin
}

async function limitsOff(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
  console.log(`  limits off, whole processes against the same stand-ins, ${rounds} rounds of the baseline script then \`patchbay run\`, each into an empty audience:`)
  if (!existsSync(join(root, 'out', 'main', 'cli.js'))) {
    console.log('    skipped: run `npm run build` first (the goal is for the built CLI)')
    return
  }
  const arrivals: number[] = []
  const hub = await startFakeHubspot({ limits: false })
  noteArrivals(hub.recorder, arrivals)
  seedContacts(hub.store, N)
  const fakes: MailchimpFake[] = []
  const freshMailchimp = async (): Promise<MailchimpFake> => {
    const mail = await startMailchimpFake({ maxConnections: 1000 })
    noteArrivals(mail.recorder, arrivals)
    fakes.push(mail)
    return mail
  }
  // The fakes keep every exchange for contract tests; nobody reads them here.
  const emptier = setInterval(() => {
    hub.recorder.take()
    for (const f of fakes) f.recorder.take()
  }, 50)
  const base: Timed[] = []
  const ours: Timed[] = []
  const problems: string[] = []
  try {
    for (let round = 0; round < rounds; round++) {
      let mail = await freshMailchimp()
      const b = await timedRun({
        command: `node bench/hubspot-mailchimp.baseline.mjs`,
        env: { ...process.env, HUBSPOT_URL: hub.url, HUBSPOT_TOKEN: hub.token, MAILCHIMP_URL: mail.baseUrl, MAILCHIMP_KEY: mail.apiKey, MAILCHIMP_LIST: mail.listId },
        arrivals
      })
      if (typeof b === 'string') problems.push(`baseline: ${b}`)
      else if (mail.store.audience(mail.listId).members.size !== N) problems.push(`baseline left ${mail.store.audience(mail.listId).members.size} members, not ${N}`)
      else base.push(b)
      await mail.close()

      mail = await freshMailchimp()
      const home = await mkdtemp(join(tmpdir(), 'patchbay-bench-home-'))
      const file = join(home, 'import.json')
      await writeFile(
        file,
        JSON.stringify({
          connections: [
            // With no published limits to follow, the connector's own pacing is set as high as it goes.
            { id: 'crm', system: 'hubspot', label: 'HubSpot', authKind: 'api-key', settings: { baseUrl: hub.url, requestsPer10s: 1000, searchPerSecond: 20 }, secrets: { accessToken: hub.token } },
            { id: 'mail', system: 'mailchimp', label: 'Mailchimp', authKind: 'api-key', settings: { listId: mail.listId, baseUrl: mail.baseUrl }, secrets: { apiKey: mail.apiKey } }
          ],
          syncs: [syncInput]
        })
      )
      // Import and run share one private keychain session; only the run is timed.
      const p = await timedRun({ setup: `node bin/patchbay.js import "${file}"`, command: `node bin/patchbay.js run ${syncInput.id}`, wrap: ['bash', 'scripts/with-keyring.sh'], env: { ...process.env, PATCHBAY_HOME: home }, arrivals })
      const members = mail.store.audience(mail.listId).members.size
      if (typeof p === 'string') problems.push(`patchbay run: ${p}`)
      else if (p.code !== 0 || members !== N) problems.push(`patchbay run exited ${p.code} leaving ${members} members: ${p.stdout.trim().split('\n')[0]}`)
      else ours.push(p)
      await mail.close()
      await rm(home, { recursive: true, force: true })
    }
  } finally {
    clearInterval(emptier)
    await hub.close()
    for (const f of fakes) await f.close().catch(() => undefined)
  }
  for (const p of problems) console.log(`    ${p}`)
  const s = (x: number): string => `${x.toFixed(2)} s`
  const ms = (x: number): string => `${Math.round(x)} ms`
  const mbs = (x: number): string => `${x} MB`
  const row = (name: string, t: Timed[]): void => {
    if (t.length) console.log(`    ${name}: wall ${spread(t.map((x) => x.wall), s)} · peak RSS ${spread(t.map((x) => x.rssMb), mbs)} · first request ${spread(t.map((x) => x.firstRequestMs), ms)}`)
  }
  row('baseline script (plain fetch, stateless)', base)
  row('patchbay run (links, journal, logs kept)', ours)
  if (base.length && ours.length) {
    const ratios = ours.slice(0, base.length).map((o, i) => o.wall / base[i].wall)
    const x = (r: number): string => `${r.toFixed(2)}×`
    console.log(`    patchbay run ÷ baseline, wall: ${spread(ratios, x)} (goal ≤ 1.5×) · peak RSS ${mbs(median(ours.map((o) => o.rssMb)))} (goal ≤ 150 MB) · first request ${ms(median(ours.map((o) => o.firstRequestMs)))} after process start (goal ≤ 250 ms)`)
  }
}

// BENCH_PART=limits-on or limits-off runs one block alone (both by default).
const part = process.env.BENCH_PART
if (part !== 'limits-off') await limitsOn()
if (part !== 'limits-on') await limitsOff()
