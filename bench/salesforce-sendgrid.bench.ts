/**
 * Salesforce → SendGrid, 10,000 contacts, through both stand-ins with the production
 * connectors and the vendors' limits (SendGrid: 600 requests a minute per endpoint; the
 * Salesforce org: a 100,000-call daily allowance, no per-second limit), in this process:
 *
 * 1. the first run (SOQL pages of 2,000 with nextRecordsUrl; SendGrid imports of 1,000 a job),
 * 2. a rerun with nothing changed (one SOQL query on SystemModstamp, no writes),
 * 3. an incremental run after 1,000 contacts changed and 50 were deleted, two minutes on
 *    (SOQL on SystemModstamp, one getDeleted, the changed contacts written).
 *
 * For each: Salesforce calls (what the org's daily allowance is charged, read back from
 * Sforce-Limit-Info) against the floor the page size sets, SendGrid calls by kind against the
 * floor its batch size sets, and wall time. SendGrid's job polls (1 s apart in production)
 * set most of the time; its reads (a full export each run) are SendGrid's own cost.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { connectionSchema, syncSchema } from '../src/shared/domain'
import { createSalesforceConnector } from '../src/main/connectors/salesforce'
import { createSendgridConnector } from '../src/main/connectors/sendgrid'
import { runSync } from '../src/main/engine/run'
import { SyncState } from '../src/main/engine/state'
import { seedSalesforce, startFakeSalesforce } from '../src/main/stand-ins/salesforce'
import { startSendgridFake } from '../src/main/stand-ins/sendgrid'

const N = Number(process.env.BENCH_CONTACTS ?? 10_000)
const CHANGED = Math.round(N / 10)
const DELETED = Math.round(N / 200)
const SF_PAGE = 2000
const SG_BATCH = 1000
const lower = [{ kind: 'trim' as const }, { kind: 'lower' as const }]

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const pct = (actual: number, floor: number): string => (floor > 0 ? `${actual >= floor ? '+' : ''}${(((actual - floor) / floor) * 100).toFixed(0)}%` : 'n/a')

async function main(): Promise<void> {
  let now = Date.now()
  const sf = await startFakeSalesforce({ dailyLimit: 100_000, now: () => now })
  const sg = await startSendgridFake({})
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-bench-sf-'))
  try {
    const ids = seedSalesforce(sf.org, N, 11, { accounts: 20 })
    // The contacts were made before the sync first runs (not in the very second it reads them).
    now += 10_000
    const pair = sf.oauth.issue()
    const crm = await createSalesforceConnector({ now: () => now }).open({
      connection: connectionSchema.parse({ id: 'sf', system: 'salesforce', label: 'Salesforce', authKind: 'oauth2', settings: { loginUrl: sf.url, instanceUrl: sf.url } }),
      secrets: { clientId: sf.oauth.app.consumerKey, ...pair }
    })
    const mail = await createSendgridConnector().open({ connection: connectionSchema.parse({ id: 'mail', system: 'sendgrid', label: 'SendGrid', authKind: 'api-key', settings: { baseUrl: sg.url } }), secrets: { apiKey: sg.apiKey } })
    const sync = syncSchema.parse({
      id: 'salesforce-sendgrid', name: 'Salesforce → SendGrid', direction: 'left-to-right',
      left: { connectionId: 'sf', object: 'contacts' }, right: { connectionId: 'mail', object: 'contacts' },
      mapping: [
        { name: 'email', left: 'Email', right: 'email', fromLeft: lower, fromRight: lower },
        { name: 'first', left: 'FirstName', right: 'first_name' },
        { name: 'last', left: 'LastName', right: 'last_name' },
        { name: 'city', left: 'MailingCity', right: 'city' }
      ],
      match: { field: 'email' }, deletes: 'propagate', deleteGuard: { maxCount: N, maxPercent: 100 }
    })
    const state = await SyncState.open(dir)
    console.log(`Salesforce → SendGrid, ${N.toLocaleString('en-US')} contacts (Salesforce pages of ${SF_PAGE}, SendGrid imports of ${SG_BATCH})`)

    const measure = async (label: string, floors: { sf: number; sgWrites: number }) => {
      sf.recorder.take()
      const sgFrom = sg.requests.length
      const usedBefore = sf.quota.used
      const t0 = performance.now()
      const { run } = await runSync({ sync, state, trigger: 'manual', adapters: { left: crm.object('contacts'), right: mail.object('contacts') } })
      const ms = performance.now() - t0
      const sfCalls = sf.quota.used - usedBefore
      const kinds: Record<string, number> = {}
      for (const e of sf.recorder.take()) {
        const k = e.path.includes('/deleted') ? 'getDeleted' : e.path.includes('/query') ? 'query' : e.path.includes('/composite') ? 'collections' : e.path.includes('/oauth2') ? 'oauth' : 'other'
        kinds[k] = (kinds[k] ?? 0) + 1
      }
      const sgKinds: Record<string, number> = {}
      for (const r of sg.requests.slice(sgFrom)) {
        const k = `${r.method} ${r.route.replace(/^\/files\/exports\/.+$/, '/files/exports/:file')}`
        sgKinds[k] = (sgKinds[k] ?? 0) + 1
      }
      const sgWrites = sgKinds['PUT /v3/marketing/contacts'] ?? 0
      const sgDeletes = sgKinds['DELETE /v3/marketing/contacts'] ?? 0
      const sgTotal = sg.requests.length - sgFrom
      console.log(`  ${label}: ${run.status}, ${JSON.stringify(run.counts)}`)
      console.log(`    Salesforce calls charged: ${sfCalls} (floor ${floors.sf}, ${pct(sfCalls, floors.sf)}) ${JSON.stringify(kinds)}`)
      console.log(`    SendGrid calls: ${sgTotal}; imports ${sgWrites} (floor ${floors.sgWrites}, ${pct(sgWrites, floors.sgWrites)}), deletes ${sgDeletes}; by kind ${JSON.stringify(sgKinds)}`)
      // No published limit binds at this size (SendGrid's 600 a minute per endpoint, Salesforce's daily allowance):
      // the time floor is the import jobs' polls, 1 s apart in production.
      const polls = sgKinds['GET /v3/marketing/contacts/imports/:id'] ?? 0
      console.log(`    wall time ${seconds(ms)} (SendGrid import polls: ${polls}, about ${polls} s of waiting)`)
    }

    await measure('first run', { sf: Math.ceil(N / SF_PAGE), sgWrites: Math.ceil(N / SG_BATCH) })
    now += 2 * 60_000
    await measure('rerun, nothing changed', { sf: 2, sgWrites: 0 })
    now += 60_000
    for (let i = 0; i < CHANGED; i++) sf.org.update(ids[(i * 7) % N], { FirstName: `Changed${i}` })
    for (let i = 0; i < DELETED; i++) sf.org.remove(ids[N - 1 - i])
    now += 2 * 60_000
    // Floor: the changed contacts' pages, and one getDeleted.
    await measure(`after ${CHANGED} edits and ${DELETED} deletes`, { sf: Math.ceil(CHANGED / SF_PAGE) + 1, sgWrites: Math.ceil(CHANGED / SG_BATCH) })
    console.log(`  Salesforce daily allowance used by the three runs: ${sf.quota.used.toLocaleString('en-US')} of ${sf.quota.max.toLocaleString('en-US')} calls`)
  } finally {
    await sf.close()
    await sg.close()
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
