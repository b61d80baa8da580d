import { describe, expect, it } from 'vitest'
import { csvFile, drain, openFile } from './helpers'

/** Lists a file and returns the ids read and the problems reported. */
async function list(text: string, settings: Record<string, unknown> = {}) {
  const object = await openFile(await csvFile(text), settings)
  const { records, problems } = await drain(await object.listChanged(null))
  return { ids: records.map((r) => r.id), problems, records }
}

describe('rows that cannot be read', () => {
  it('reports a row with too few or too many values by line and reads the rest', async () => {
    const { ids, problems } = await list('id,name,email\n1,Ann,a@x.com\n2,Bob\n3,Cat,c@x.com,extra\n4,Dan,d@x.com\n')
    expect(ids).toEqual(['1', '4'])
    expect(problems).toEqual([
      { line: 3, recordId: '2', message: 'Row 3 (Bob) has one value too few, probably the "email" value is missing. Add the missing value (or an empty one, with its comma), then try again.' },
      { line: 4, recordId: '3', message: 'Row 4 (Cat) has one comma too many, Patchbay cannot tell in which column. Put that value in quotes, or remove the comma, then try again.' }
    ])
  })

  it('does not let an unclosed quote in the middle swallow the rest of the file', async () => {
    const { ids, problems } = await list('id,name,email\n1,Ann,a@x.com\n2,"Bob,b@x.com\n3,Cat,c@x.com\n4,Dan,d@x.com\n')
    expect(ids).toEqual(['1', '3', '4'])
    expect(problems).toHaveLength(1)
    // The id is still readable, so the engine can tell "record 2 is unreadable" from "record 2 was deleted".
    expect(problems[0]).toEqual({ line: 3, recordId: '2', message: 'line 3: a quoted value starts on this line but its closing quote mark is missing' })
  })

  it('recovers when an unclosed quote is closed by a quote on a later line', async () => {
    // The quote opened on line 3 pairs with the one on line 5: csv-parse alone reads lines 3–5 as one bad row.
    const { ids, problems } = await list('id,name\n1,Ann\n2,"Bob\n3,Cat\n4,"Dan"\n5,Eve\n')
    expect(ids).toEqual(['1', '3', '4', '5'])
    expect(problems.map((p) => p.line)).toEqual([3])
  })

  it('recovers when an unclosed quote swallows lines into a row of the wrong width', async () => {
    // Lines 3–4 parse as one row ("2", "Bob…4,") with 2 values where the header has 3.
    const { ids, problems } = await list('id,name,email\n2,"Bob\n3,Cat,c@x.com\n4,"\n5,Eve,e@x.com\n')
    expect(ids).toEqual(['3', '5'])
    expect(problems[0]).toMatchObject({ line: 2, recordId: '2', message: 'Row 2 (id 2) has a quoted value that runs on to line 4: its closing quote mark is missing or in the wrong place. Put the closing quote mark right after the value, then try again.' })
    expect(problems.map((p) => p.line)).toEqual([2, 4])
  })

  it('reports a quote mark inside an unquoted value, and text after a closing quote', async () => {
    const { ids, problems } = await list('id,height\n1,5\'10"\n2,"6\'1"ish\n3,"5\'8"""\n')
    expect(ids).toEqual(['3'])
    expect(problems).toEqual([
      { line: 2, recordId: '1', message: expect.stringContaining('line 2: a quote mark appears in the middle of a value') },
      { line: 3, recordId: '2', message: expect.stringContaining('line 3: a quoted value has more text after its closing quote mark') }
    ])
  })

  it('reports a row whose key is empty, and the later copies of a repeated key', async () => {
    const { ids, problems, records } = await list('id,name\n1,Ann\n,Nobody\n2,Bob\n1,Ann again\n1,Ann thrice\n')
    expect(ids).toEqual(['1', '2'])
    expect(records[0].fields.name).toBe('Ann')
    expect(problems).toEqual([
      { line: 3, message: 'line 3: the id column is empty' },
      { line: 5, key: '1', message: 'line 5: id "1" is already used on line 2; this row is left out until one of them is changed' },
      { line: 6, key: '1', message: 'line 6: id "1" is already used on line 2; this row is left out until one of them is changed' }
    ])
  })

  it('counts lines in the file, not rows: multi-line values, blank lines, CRLF', async () => {
    const text = 'id,notes\r\n1,"two\r\nlines"\r\n\r\n2,"three\nmixed\rbreaks"\r\n3\r\n4,ok\r\n'
    const { ids, problems, records } = await list(text)
    expect(ids).toEqual(['1', '2', '4'])
    expect(records[1].fields.notes).toBe('three\nmixed\rbreaks')
    expect(problems).toEqual([{ line: 8, recordId: '3', message: 'Row 8 has one value too few, Patchbay cannot tell which one is missing. Add the missing value (or an empty one, with its comma), then try again.' }])
  })

  it('skips empty rows Excel leaves at the end without calling them problems', async () => {
    const { ids, problems } = await list('id,name\n1,Ann\n,\n , \n\n')
    expect(ids).toEqual(['1'])
    expect(problems).toEqual([])
  })

  it('puts each problem in the page of the rows around it', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => (i === 1200 ? '1201' : `${i + 1},Name`))
    const object = await openFile(await csvFile(`id,name\n${rows.join('\n')}\n`))
    const { pages } = await drain(await object.listChanged(null))
    expect(pages.map((p) => p.problems.map((x) => x.line))).toEqual([[], [1202]])
  })
})
