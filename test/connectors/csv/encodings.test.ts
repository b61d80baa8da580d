/**
 * Exports in the encodings and separators old programs write: read as the text they hold,
 * written back byte-compatible (same encoding, mark, separator and line breaks), what was
 * detected said by Test connection, and an encoding the bytes do not decide refused with
 * what to set, nothing written.
 */
import { readFile } from 'node:fs/promises'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { ConfigError, RecordError } from '../../../src/main/errors'
import { csvFile, drain, openCsv, openFile } from './helpers'

const till = (text: string, encoding: string) => iconv.encode(text, encoding)

describe('a Windows-1252 export with semicolons and Windows line breaks', () => {
  const text = 'Kundennr;Name;Ort\r\nK1;Zoë Müller;Köln\r\nK2;François Dupré;Besançon\r\nK3;Åsa Øberg – “VIP”;Malmö\r\n'

  it('reads accented names intact and says what it detected', async () => {
    const file = await csvFile(till(text, 'windows-1252'))
    const customers = await openFile(file, { keyColumn: 'Kundennr' })
    const { records } = await drain(await customers.listChanged(null))
    expect(records.map((r) => r.fields.Name)).toEqual(['Zoë Müller', 'François Dupré', 'Åsa Øberg – “VIP”'])
    const test = await (await openCsv({ file, keyColumn: 'Kundennr' })).test()
    expect(test.message).toMatch(/^Found contacts\.csv \(3 rows; Windows-1252 \(Western European\), semicolons, Windows line breaks\)\. Patchbay worked out how each file is saved; if that is wrong, set the connection's "encoding" or "delimiter" setting\.$/)
  })

  it('writes back in Windows-1252 with semicolons and CRLF, untouched rows byte for byte', async () => {
    const file = await csvFile(till(text, 'windows-1252'))
    const customers = await openFile(file, { keyColumn: 'Kundennr' })
    await drain(await customers.listChanged(null))
    const outcomes = await customers.write([
      { op: 'update', ref: 'u', id: 'K2', fields: { Ort: 'Besançon-Ère' } },
      { op: 'create', ref: 'c', fields: { Kundennr: 'K4', Name: 'Søren Ærø', Ort: 'Århus' } }
    ])
    expect(outcomes.every((o) => o.ok)).toBe(true)
    const bytes = await readFile(file)
    expect(iconv.decode(bytes, 'windows-1252')).toBe('Kundennr;Name;Ort\r\nK1;Zoë Müller;Köln\r\nK2;François Dupré;Besançon-Ère\r\nK3;Åsa Øberg – “VIP”;Malmö\r\nK4;Søren Ærø;Århus\r\n')
    expect(bytes.includes(Buffer.from('ç', 'utf8'))).toBe(false) // not UTF-8 anywhere
  })

  it('fails a record whose letters Windows-1252 cannot hold, naming them, and writes the rest', async () => {
    const file = await csvFile(till(text, 'windows-1252'))
    const customers = await openFile(file, { keyColumn: 'Kundennr' })
    const [bad, good] = await customers.write([
      { op: 'create', ref: 'c1', fields: { Kundennr: 'K5', Name: 'Łukasz Żółw', Ort: 'Kraków' } },
      { op: 'create', ref: 'c2', fields: { Kundennr: 'K6', Name: 'Inès', Ort: 'Lyon' } }
    ])
    expect(bad.ok).toBe(false)
    const error = (bad as { error: RecordError }).error
    expect(error).toBeInstanceOf(RecordError)
    expect(error.message).toBe('Name "Łukasz Żółw" has characters (Ł Ż ł) that contacts.csv cannot hold: it is saved as Windows-1252 (Western European)')
    expect(good.ok).toBe(true)
    const written = iconv.decode(await readFile(file), 'windows-1252')
    expect(written).toContain('K6;Inès;Lyon\r\n')
    expect(written).not.toContain('K5')
  })
})

describe('other encodings', () => {
  it('reads and writes back UTF-16 LE with its mark and tabs (Excel "Unicode text")', async () => {
    const file = await csvFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\tname\r\n1\tJosé\r\n', 'utf16le')]))
    const people = await openFile(file)
    expect(await people.get(['1'])).toEqual([{ id: '1', fields: { id: '1', name: 'José' } }])
    await people.write([{ op: 'create', ref: 'c', fields: { id: '2', name: 'Ærin, Łucja' } }])
    const bytes = await readFile(file)
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe])
    expect(bytes.subarray(2).toString('utf16le')).toBe('id\tname\r\n1\tJosé\r\n2\tÆrin, Łucja\r\n')
  })

  it('detects UTF-16 BE without a mark', async () => {
    const file = await csvFile(till('id,name\n1,Renée\n', 'utf-16be'))
    const people = await openFile(file)
    expect(await people.get(['1'])).toEqual([{ id: '1', fields: { id: '1', name: 'Renée' } }])
    await people.write([{ op: 'update', ref: 'u', id: '1', fields: { name: 'Renée Ä' } }])
    expect(iconv.decode(await readFile(file), 'utf-16be')).toBe('id,name\n1,Renée Ä\n')
  })

  it('reads ISO-8859-1 and says Windows-1252 reads it the same; set to ISO-8859-1 it refuses a euro sign', async () => {
    const file = await csvFile(till('id,name\n1,Gößl\n', 'iso-8859-1'))
    const test = await (await openCsv({ file })).test()
    expect(test.message).toContain('(1 row; Windows-1252 (Western European), which reads this file the same as ISO-8859-1, commas, Unix line breaks)')
    const latin1 = await openFile(file, { encoding: 'ISO-8859-1' })
    expect(await latin1.get(['1'])).toEqual([{ id: '1', fields: { id: '1', name: 'Gößl' } }])
    const [outcome] = await latin1.write([{ op: 'update', ref: 'u', id: '1', fields: { name: 'Gößl €' } }])
    expect(outcome.ok).toBe(false)
    expect(iconv.decode(await readFile(file), 'iso-8859-1')).toBe('id,name\n1,Gößl\n')
  })

  it('says UTF-8 only when the bytes show it; plain ASCII could be any encoding', async () => {
    expect((await (await openCsv({ file: await csvFile('id,name\n1,Zoë\n') })).test()).message).toContain('(1 row; UTF-8, commas, Unix line breaks)')
    expect((await (await openCsv({ file: await csvFile('id,name\n1,Zoe\n') })).test()).message).toContain('(1 row; plain text, accents written as UTF-8, commas, Unix line breaks)')
  })

  it('reads a DOS till export once its encoding is set', async () => {
    const file = await csvFile(till('id,name\n1,Müller\n', 'cp850'))
    const people = await openFile(file, { encoding: 'cp850' })
    expect(await people.get(['1'])).toEqual([{ id: '1', fields: { id: '1', name: 'Müller' } }])
  })
})

describe('an encoding the bytes do not decide', () => {
  it.each([
    ['a DOS export (ü is a byte Windows-1252 does not use)', till('id,name\n1,Ann\n2,Müller\n', 'cp850'), /line 3 has a byte \(0x81\) that Windows-1252 does not use/],
    ['a DOS export whose é reads as punctuation', till('id,name\n1,Hélène\n', 'cp850'), /line 2 reads "H‚l" in Windows-1252, which looks like an accented letter from a DOS code page/],
    ['a file half UTF-8, half Windows-1252', Buffer.concat([Buffer.from('id,name\n1,Zoë\n'), till('2,Zoë\n', 'windows-1252')]), /some of it is UTF-8 and some is not \(line 2 is UTF-8, line 3 is not\)/]
  ])('refuses %s, says what to set, and writes nothing', async (_what, bytes, why) => {
    const file = await csvFile(bytes)
    const people = await openFile(file)
    const err = await people.listChanged(null).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).message).toMatch(/^Patchbay cannot tell which text encoding contacts\.csv is saved in: /)
    expect((err as ConfigError).message).toMatch(why)
    expect((err as ConfigError).meta.hint).toMatch(/Set the connection's "encoding" setting .*"windows-1252" .*"cp850"/)
    await expect(people.write([{ op: 'create', ref: 'c', fields: { id: '9', name: 'X' } }])).rejects.toThrow(/cannot tell which text encoding/)
    expect(await readFile(file)).toEqual(bytes)
    expect((await (await openCsv({ file })).test()).ok).toBe(false)
  })

  it('refuses a Windows-1252 file the owner said is UTF-8, saying what to set', async () => {
    const err = await (await openFile(await csvFile(till('id,name\n1,Zoë\n', 'windows-1252')), { encoding: 'utf-8' })).listChanged(null).catch((e: unknown) => e)
    expect((err as ConfigError).message).toMatch(/contacts\.csv is not a CSV file: it is not UTF-8 text/)
    expect((err as ConfigError).meta.hint).toMatch(/"encoding" setting to "auto"/)
  })
})

describe('encoding and delimiter settings', () => {
  it('names an unknown encoding and the ones to use', async () => {
    await expect(openCsv({ folder: '/tmp', encoding: 'klingon' })).rejects.toThrow(
      'The CSV file connection\'s setting "encoding" is wrong: Patchbay does not know the encoding "klingon": use "auto", "utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1", "cp850" (DOS) or "macintosh"'
    )
  })

  it('takes words for separators, and a set delimiter over the detected one', async () => {
    const file = await csvFile('id;name,full;city\n1;Ann,Lee;Ely\n')
    const want = [{ id: '1', fields: { id: '1', 'name,full': 'Ann,Lee', city: 'Ely' } }]
    expect(await (await openFile(file, { delimiter: 'semicolon' })).get(['1'])).toEqual(want)
    expect(await (await openFile(file)).get(['1'])).toEqual(want)
    await expect((await openFile(file, { delimiter: 'comma' })).get(['1'])).rejects.toThrow(/no "id" column/)
  })
})
