/**
 * A two-way sync between an Excel workbook and HubSpot (the stand-in on loopback): new
 * contacts flow both ways, edits on either side reach the other, and the workbook keeps its
 * other sheet, its formulas and its formatting through every save.
 */
import { describe, expect, it } from 'vitest'
import { syncSchema } from '../../../src/shared/domain'
import { runSync } from '../../../src/main/engine/run'
import { SyncState } from '../../../src/main/engine/state'
import { seedContacts } from '../../../src/main/stand-ins/hubspot'
import { fakeHubspot, openSession, stateDir } from '../hubspot/helpers'
import { openCsv, openWorkbook, shopWorkbook } from './helpers'

const sync = syncSchema.parse({
  id: 'workbook-hubspot',
  name: 'Customers workbook ⇄ HubSpot',
  left: { connectionId: 'book', object: 'shop' },
  right: { connectionId: 'crm', object: 'contacts' },
  mapping: [
    { name: 'email', left: 'email', right: 'email', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
    { name: 'first', left: 'firstname', right: 'firstname' },
    { name: 'last', left: 'lastname', right: 'lastname' }
  ],
  match: { field: 'email' },
  direction: 'both'
})

describe('an Excel workbook synced two-way with HubSpot', () => {
  it('sends rows to HubSpot and contacts to the sheet, both ways on later edits, keeping the other sheet, formulas and formatting', async () => {
    const fake = await fakeHubspot()
    const [contact] = seedContacts(fake.store, 2)
    const file = await shopWorkbook()
    const state = await SyncState.open(await stateDir())
    const run = async () => {
      const book = await openCsv({ file, sheet: 'Customers', headerRow: 2 })
      const crm = await openSession(fake)
      const { run: r } = await runSync({ sync, adapters: { left: book.object('shop'), right: crm.object('contacts') }, state, trigger: 'manual' })
      expect(r.status, JSON.stringify(r.error)).toBe('ok')
      return r
    }

    expect((await run()).counts).toMatchObject({ created: 5, failed: 0 })
    expect(fake.store.findUnique('contacts', 'email', 'ann@shop.test')?.properties).toMatchObject({ firstname: 'Ann', lastname: 'Lee' })
    let sheet = (await openWorkbook(file)).getWorksheet('Customers')!
    const emails = [3, 4, 5, 6, 7].map((r) => sheet.getCell(`B${r}`).value)
    expect(emails).toContain(contact.properties.email)

    // HubSpot renames the seeded contact; the owner renames Bo in the workbook.
    fake.store.update(contact, { firstname: 'Zoë-Éloïse' })
    const book = await openWorkbook(file)
    book.getWorksheet('Customers')!.getCell('C4').value = 'Bodil'
    await book.xlsx.writeFile(file)
    expect((await run()).counts).toMatchObject({ updated: 2, failed: 0 })
    expect(fake.store.findUnique('contacts', 'email', 'bo@shop.test')?.properties.firstname).toBe('Bodil')
    const saved = await openWorkbook(file)
    sheet = saved.getWorksheet('Customers')!
    const row = [3, 4, 5, 6, 7].find((r) => sheet.getCell(`B${r}`).value === contact.properties.email)!
    expect(sheet.getCell(`C${row}`).value).toBe('Zoë-Éloïse')

    // The second sheet, the formulas and the formatting are as the owner made them.
    expect(saved.worksheets.map((s) => s.name)).toEqual(['Summary', 'Customers'])
    expect(saved.getWorksheet('Summary')!.getCell('B1').value).toMatchObject({ formula: 'COUNTA(Customers!A3:A100)' })
    expect(saved.getWorksheet('Summary')!.getCell('A1').font).toMatchObject({ bold: true })
    expect(sheet.getCell('G3').value).toMatchObject({ formula: 'F3*1.2' })
    expect(sheet.getCell('G5').value).toMatchObject({ formula: 'F5*1.2' })
    expect(sheet.getCell('E3').numFmt).toBe('dd/mm/yyyy')
    expect(sheet.getCell('A1').value).toBe('Customer list (export of 6 Dec)')

    // Nothing changed anywhere: a quiet run writes nothing.
    expect((await run()).counts).toMatchObject({ created: 0, updated: 0, failed: 0 })
  })
})
