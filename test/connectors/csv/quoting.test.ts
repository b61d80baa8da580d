import { describe, expect, it } from 'vitest'
import { csvFile, drain, openFile, read } from './helpers'

const AWKWARD = [
  'Smith, John',
  'She said "hello"',
  'line one\nline two',
  'windows\r\nbreak',
  'lone\rreturn',
  '"quoted at both ends"',
  '  spaces kept  ',
  'Zoë Ångström — 東京 🚀',
  '',
  'a;b\tc|d'
]

describe('quoting', () => {
  it.each([
    [',', 'comma'],
    [';', 'semicolon'],
    ['\t', 'tab']
  ])('round-trips awkward values written with a %s delimiter (%s)', async (delimiter) => {
    const file = await csvFile(`id${delimiter}note\n`)
    const notes = await openFile(file, { delimiter })
    const outcomes = await notes.write(AWKWARD.map((note, i) => ({ op: 'create' as const, ref: `r${i}`, fields: { id: `n${i}`, note } })))
    expect(outcomes.every((o) => o.ok)).toBe(true)

    const fresh = await openFile(file, { delimiter })
    const { records, problems } = await drain(await fresh.listChanged(null))
    expect(problems).toEqual([])
    expect(records.map((r) => r.fields.note)).toEqual(AWKWARD)
  })

  it('round-trips awkward column names and keys', async () => {
    const file = await csvFile('id,name,"Phone, mobile",Straße\n')
    await (await openFile(file)).write([{ op: 'create', ref: 'r', fields: { id: 'key, with "quotes"', 'Phone, mobile': '+44 20 7946 0000', 'Straße': 'x' } }])
    expect(await read(file)).toBe('id,name,"Phone, mobile",Straße\n"key, with ""quotes""",,+44 20 7946 0000,x\n')
    const { records } = await drain(await (await openFile(file)).listChanged(null))
    expect(records).toEqual([{ id: 'key, with "quotes"', fields: { id: 'key, with "quotes"', name: '', 'Phone, mobile': '+44 20 7946 0000', 'Straße': 'x' } }])
  })

  it('writes numbers, booleans and null as text a spreadsheet reads back', async () => {
    const file = await csvFile('id,amount,paid,note\n')
    await (await openFile(file)).write([{ op: 'create', ref: 'r', fields: { id: 1, amount: 12.5, paid: false, note: null } }])
    expect(await read(file)).toBe('id,amount,paid,note\n1,12.5,false,\n')
  })
})
