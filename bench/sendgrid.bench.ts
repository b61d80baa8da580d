/**
 * HubSpot → SendGrid, 10,000 contacts, through both stand-ins with the vendors' limits and
 * the production connectors (default tuning: SendGrid jobs polled from 500 ms up). Three
 * runs: the first (every contact created through import jobs), a rerun with nothing
 * changed, and one after every contact changed. API calls against the floor the batch sizes
 * set, wall time against the floor the rate limits and the jobs set, 429s, peak RSS.
 * (The Salesforce engineer may switch the source to Salesforce; the SendGrid side stays.)
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { syncSchema } from '../src/shared/domain'
import { TEMPLATES } from '../src/main/calls/templates'
import { createHubspotConnector } from '../src/main/connectors/hubspot'
import { createSendgridConnector } from '../src/main/connectors/sendgrid'
import { runSync } from '../src/main/engine/run'
import { SyncState } from '../src/main/engine/state'
import { seedContacts, startFakeHubspot } from '../src/main/stand-ins/hubspot'
import { startSendgridFake } from '../src/main/stand-ins/sendgrid'

const N = Number(process.env.BENCH_CONTACTS ?? 10_000)
const HUBSPOT = { listPage: 100, searchPage: 200, perTenSeconds: 190, searchPerSecond: 4 }
/** Contacts per import job (the engine writes 1,000 at a time; SendGrid takes 30,000); search by email takes 100. */
const SENDGRID = { batch: 1000, search: 100, perMinutePerEndpoint: 600, firstPollMs: 500 }

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const pct = (actual: number, floor: number): string => (floor > 0 ? `${actual >= floor ? '+' : ''}${(((actual - floor) / floor) * 100).toFixed(1)}%` : 'n/a')

const template = TEMPLATES.find((t) => t.id === 'hubspot-sendgrid')!
const sync = syncSchema.parse({
  id: 'hubspot-sendgrid', name: 'HubSpot → SendGrid', direction: 'left-to-right',
  left: { connectionId: 'crm', object: 'contacts' }, right: { connectionId: 'mail', object: 'contacts' },
  mapping: template.fields.map((f) => ({ name: f.name, left: f.left[0], right: f.right[0], fromLeft: f.fromLeft ?? [], fromRight: f.fromRight ?? [], toLeft: f.toLeft ?? [], toRight: f.toRight ?? [] })),
  match: { field: 'email' }
})

const hub = await startFakeHubspot({ limits: { perInterval: HUBSPOT.perTenSeconds, searchPerWindow: HUBSPOT.searchPerSecond } })
const sg = await startSendgridFake({ limit: { requests: SENDGRID.perMinutePerEndpoint, windowMs: 60_000 } })
try {
  const contacts = seedContacts(hub.store, N)
  const crm = await createHubspotConnector().open({
    connection: { id: 'crm', system: 'hubspot', label: 'HubSpot', authKind: 'api-key', scopes: [], status: 'ok', settings: { baseUrl: hub.url } },
    secrets: { accessToken: hub.token }
  })
  const mail = await createSendgridConnector().open({
    connection: { id: 'mail', system: 'sendgrid', label: 'SendGrid', authKind: 'api-key', scopes: [], status: 'ok', settings: { baseUrl: sg.url } },
    secrets: { apiKey: sg.apiKey }
  })
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-bench-sendgrid-'))
  const state = await SyncState.open(dir)
  const run = async (label: string, floors: { hubspot: number; sendgrid: number; waitMs: number; why: string }) => {
    hub.recorder.take()
    let hubCalls = 0
    const sgFrom = sg.requests.length
    const started = performance.now()
    const { run: result } = await runSync({
      sync, state, trigger: 'manual', adapters: { left: crm.object('contacts'), right: mail.object('contacts') },
      // The stand-ins keep every exchange for the contract tests; the bench counts requests, not bodies.
      onProgress: () => void (hubCalls += hub.recorder.take().length, sg.recorder.take())
    })
    const ms = performance.now() - started
    hubCalls += hub.recorder.take().length
    sg.recorder.take()
    const sgCalls = sg.requests.slice(sgFrom)
    const byKind: Record<string, number> = {}
    for (const r of sgCalls) byKind[`${r.method} ${r.route}`] = (byKind[`${r.method} ${r.route}`] ?? 0) + 1
    const c = result.counts
    console.log(`  ${label}: ${result.status}, read ${c.read}, created ${c.created}, updated ${c.updated}, failed ${c.failed}${result.error ? ` (${result.error.message})` : ''}`)
    console.log(`    API calls: HubSpot ${hubCalls} (floor ${floors.hubspot}, ${pct(hubCalls, floors.hubspot)}), SendGrid ${sgCalls.length} (floor ${floors.sendgrid}, ${pct(sgCalls.length, floors.sendgrid)}); ${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`)
    console.log(`    wall ${seconds(ms)} vs floor ${seconds(floors.waitMs)} (${floors.why})${floors.waitMs > 0 ? `: ${pct(ms, floors.waitMs)}` : ''}`)
  }
  console.log(`HubSpot → SendGrid, ${N.toLocaleString('en')} contacts, vendors' limits on (HubSpot ${HUBSPOT.perTenSeconds}/10 s; SendGrid ${SENDGRID.perMinutePerEndpoint}/min per endpoint, import jobs run 20 ms after they are queued)`)
  const lists = Math.ceil(N / HUBSPOT.listPage)
  const jobs = Math.ceil(N / SENDGRID.batch)
  // Reads: field definitions, lists, 3 suppression lists, an export (start, status, file). Per job: PUT, one poll after 500 ms, and the new ids by email (100 a call).
  const reads = 5 + 3
  const perJob = 2 + Math.ceil(SENDGRID.batch / SENDGRID.search)
  await run('first run', {
    hubspot: lists,
    sendgrid: reads + jobs * perJob,
    waitMs: jobs * SENDGRID.firstPollMs,
    why: `${jobs} import jobs one after another, each checked after the first ${SENDGRID.firstPollMs} ms poll; ${lists} HubSpot pages fit one window`
  })
  await run('nothing changed, rerun', { hubspot: 1, sendgrid: reads, waitMs: 0, why: 'one HubSpot search page; SendGrid has no changed-since read, so one export' })
  const at = Date.now()
  contacts.forEach((c, i) => hub.store.update(c, { firstname: `${c.properties.firstname}é` }, at + Math.floor(i / 100)))
  const searches = Math.ceil(N / HUBSPOT.searchPage)
  await run('every contact changed, incremental', {
    hubspot: searches + 1,
    sendgrid: reads + jobs * perJob,
    waitMs: Math.max(((searches - 1) / HUBSPOT.searchPerSecond) * 1000, 0) + jobs * SENDGRID.firstPollMs,
    why: `${searches} HubSpot search pages at ${HUBSPOT.searchPerSecond}/s, then ${jobs} import job(s)`
  })
  console.log(`    429s: HubSpot ${hub.throttled}, SendGrid ${sg.throttled()}; peak RSS of this process (sync and both fakes) ${Math.round((process.resourceUsage().maxRSS * 1024) / 1024 / 1024)} MB`)
  await rm(dir, { recursive: true, force: true })
} finally {
  await hub.close()
  await sg.close()
}
