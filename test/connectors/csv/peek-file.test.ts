import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { peekCsvFile } from '../../../src/main/connectors/csv/peek-file'
import { calls } from '../../../src/shared/contract'

describe('a first look at the file typed into the CSV form', () => {
  it('says in plain words that a path is missing, not whole or a folder, and lists a real file\'s columns with the key guessed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'peek-'))
    expect(await peekCsvFile(join(dir, 'nope.csv'))).toEqual({ ok: false, message: expect.stringMatching(/^There is no file at .*nope\.csv/) })
    // A folder is allowed (each file in it becomes a list): said so, with no columns to choose from.
    expect(await peekCsvFile(dir)).toEqual({ ok: true, message: expect.stringMatching(/is a folder: every \.csv and \.xlsx file in it becomes a list you can sync/), columns: [], likelyKey: undefined })
    expect(await peekCsvFile('signups.csv')).toEqual({ ok: false, message: expect.stringMatching(/^Type the whole path of the file/) })
    const file = join(dir, 'signups.csv')
    await writeFile(file, 'name;Email;phone\nAnn;ann@example.org;1\n')
    const peek = await peekCsvFile(file)
    expect(peek).toMatchObject({ ok: true, columns: ['name', 'Email', 'phone'], likelyKey: 'Email' })
    expect(peek.message).toMatch(/^signups\.csv: 3 columns/)
  })

  it('the core call takes only a path, and an empty one asks for it', () => {
    expect(calls['file:peek'].safeParse({ file: ' ' }).error?.issues[0].message).toBe('Type the path of the file.')
    expect(calls['file:peek'].safeParse({ file: 'a.csv', folder: 'x' }).success).toBe(false)
  })
})
