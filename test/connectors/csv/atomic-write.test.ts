import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../../src/main/connectors/csv/atomic-write'
import { tempFolder } from './helpers'

describe('writeFileAtomic', () => {
  it('creates or replaces a file and leaves nothing else behind', async () => {
    const dir = await tempFolder()
    const file = path.join(dir, 'a.csv')
    await writeFileAtomic(file, 'one\n')
    await writeFileAtomic(file, Buffer.from('two\n'))
    expect(await readFile(file, 'utf8')).toBe('two\n')
    expect(await readdir(dir)).toEqual(['a.csv'])
  })

  it('leaves the old file whole and removes its temp file when the write is abandoned', async () => {
    const dir = await tempFolder()
    const file = path.join(dir, 'a.csv')
    await writeFile(file, 'old\n')
    const abandon = async (): Promise<void> => {
      throw new Error('changed meanwhile')
    }
    await expect(writeFileAtomic(file, 'new\n', { beforeRename: abandon })).rejects.toThrow('changed meanwhile')
    expect(await readFile(file, 'utf8')).toBe('old\n')
    expect(await readdir(dir)).toEqual(['a.csv'])
  })

  it('fails without a trace when the folder does not exist', async () => {
    const dir = await tempFolder()
    await expect(writeFileAtomic(path.join(dir, 'missing', 'a.csv'), 'x')).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
