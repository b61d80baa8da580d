/**
 * An old till's customer export — Windows-1252, semicolons, Windows line breaks, accented
 * names — synced into QuickBooks customers (the stand-in on loopback): every name arrives
 * exactly as the till has it, and the export itself is not touched.
 */
import { readFile } from 'node:fs/promises'
import iconv from 'iconv-lite'
import { afterEach, describe, expect, it } from 'vitest'
import { syncSchema } from '../../../src/shared/domain'
import { runSync } from '../../../src/main/engine/run'
import { SyncState } from '../../../src/main/engine/state'
import { quickBooksWorld, type QuickBooksWorld } from '../quickbooks/helpers'
import { csvFile, openCsv, tempFolder } from './helpers'

let w: QuickBooksWorld | undefined
afterEach(async () => w?.close())

const sync = syncSchema.parse({
  id: 'till-customers',
  name: 'Till customers → QuickBooks',
  left: { connectionId: 'till', object: 'kunden' },
  right: { connectionId: 'qbo', object: 'customers' },
  direction: 'left-to-right',
  mapping: [
    { name: 'email', left: 'E-Mail', right: 'PrimaryEmailAddr.Address', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
    { name: 'name', left: 'Name', right: 'DisplayName' }
  ],
  match: { field: 'email' }
})

/** Letters from all over Windows-1252, including its 0x80–0x9F range (Œ, “ ”) that ISO-8859-1 lacks. */
const names = ['Zoë Müller', 'François Dupré', 'Åsa Øberg', 'Søren Ærø', 'Íñigo Núñez', 'Renée Œuvre', 'Ludwig “Lutz” Groß']

describe('a Windows-1252 semicolon export into QuickBooks customers', () => {
  it('creates each customer with its name intact, and leaves the export as it was', async () => {
    w = await quickBooksWorld()
    const lines = names.map((name, i) => `K${i + 1};${name};kunde${i + 1}@laden.test;Köln`)
    const bytes = iconv.encode(['Kundennr;Name;E-Mail;Ort', ...lines].join('\r\n') + '\r\n', 'windows-1252')
    expect(bytes.includes(Buffer.from('ë', 'utf8'))).toBe(false) // really not UTF-8
    const file = await csvFile(bytes, 'kunden.csv')
    const till = await openCsv({ file, keyColumn: 'Kundennr' })
    expect((await till.test()).message).toContain('Windows-1252 (Western European), semicolons, Windows line breaks')

    const { run } = await runSync({ sync, adapters: { left: till.object('kunden'), right: w.session.object('customers') }, state: await SyncState.open(await tempFolder()), trigger: 'manual' })
    expect(run.status, JSON.stringify(run.error)).toBe('ok')
    expect(run.counts).toMatchObject({ created: names.length, failed: 0 })
    const byEmail = new Map(w.fake.company.list('Customer').map((c) => [(c.PrimaryEmailAddr as { Address?: string } | undefined)?.Address, c.DisplayName]))
    expect(names.map((_, i) => byEmail.get(`kunde${i + 1}@laden.test`))).toEqual(names)
    expect(await readFile(file)).toEqual(bytes)
  })
})
