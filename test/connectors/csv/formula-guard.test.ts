import { describe, expect, it } from 'vitest'
import { csvFile, openFile, read } from './helpers'

// OWASP CSV injection: text another system sends must not become a live formula in the owner's spreadsheet.
describe('formula-like values written to a CSV', () => {
  it('are written as text (a leading quote) and read back as the value that was sent', async () => {
    const file = await csvFile('id,name,notes\n1,Ann,hello\n')
    const contacts = await openFile(file)
    const out = await contacts.write([
      { op: 'create', ref: 'a', fields: { id: '2', name: '=HYPERLINK("http://evil.example","Click")', notes: '+1+cmd|\' /C calc\'!A0' } },
      { op: 'create', ref: 'b', fields: { id: '3', name: '@SUM(A1:A9)', notes: '\tTabbed' } },
      { op: 'update', ref: 'c', id: '1', fields: { notes: '-2+3+cmd|x' } }
    ])
    expect(out.every((o) => o.ok)).toBe(true)
    expect(await read(file)).toBe(
      'id,name,notes\n1,Ann,\'-2+3+cmd|x\n2,"\'=HYPERLINK(""http://evil.example"",""Click"")",\'+1+cmd|\' /C calc\'!A0\n3,\'@SUM(A1:A9),\'\tTabbed\n'
    )
    // Read back, each value is what was sent: a two-way sync sees no change to echo.
    const again = await openFile(file)
    const [two] = await again.get(['2'])
    expect(two.fields).toEqual({ id: '2', name: '=HYPERLINK("http://evil.example","Click")', notes: '+1+cmd|\' /C calc\'!A0' })
    const [one] = await again.get(['1'])
    expect(one.fields.notes).toBe('-2+3+cmd|x')
    // Writing the same value again leaves the file alone.
    const before = await read(file)
    await again.write([{ op: 'update', ref: 'd', id: '2', fields: { name: '=HYPERLINK("http://evil.example","Click")' } }])
    expect(await read(file)).toBe(before)
  })

  it('leave numbers and phone numbers such as -12.50 and +44 20 7946 0000 as they are', async () => {
    const file = await csvFile('id,amount,phone\n1,5,\n')
    await (await openFile(file)).write([{ op: 'update', ref: 'u', id: '1', fields: { amount: '-12.50', phone: '+44 20 7946 0000' } }])
    expect(await read(file)).toBe('id,amount,phone\n1,-12.50,+44 20 7946 0000\n')
  })

  it('keep a formula the owner typed in the file when its row changes for another reason', async () => {
    const file = await csvFile('id,name,total\n1,Ann,=SUM(B2:B9)\n')
    const contacts = await openFile(file)
    const [rec] = await contacts.get(['1'])
    expect(rec.fields.total).toBe('=SUM(B2:B9)')
    await contacts.write([{ op: 'update', ref: 'u', id: '1', fields: { name: 'Anna', total: '=SUM(B2:B9)' } }])
    expect(await read(file)).toBe('id,name,total\n1,Anna,=SUM(B2:B9)\n')
  })
})
