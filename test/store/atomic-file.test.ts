import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StoreError } from '../../src/main/errors'
import { removeStaleTempFiles, writeFileAtomic } from '../../src/main/store/atomic-file'
import { useTempDir } from './temp-dir'

const tempDir = useTempDir()

describe('writeFileAtomic', () => {
  it('creates missing folders and writes the content', async () => {
    const path = join(tempDir(), 'a', 'b', 'doc.json')
    await writeFileAtomic(path, '{"x":1}')
    expect(await readFile(path, 'utf8')).toBe('{"x":1}')
  })

  it('replaces the old content and leaves no temp file behind', async () => {
    const path = join(tempDir(), 'doc.json')
    await writeFileAtomic(path, 'old')
    await writeFileAtomic(path, new TextEncoder().encode('new'))
    expect(await readFile(path, 'utf8')).toBe('new')
    expect(await readdir(tempDir())).toEqual(['doc.json'])
  })

  it('fails with a StoreError that says what to do, and cleans up its temp file', async () => {
    await writeFile(join(tempDir(), 'not-a-folder'), '')
    const error = await writeFileAtomic(join(tempDir(), 'not-a-folder', 'doc.json'), 'x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).message).toMatch(/Could not save doc\.json/)
    expect((error as StoreError).meta.hint).toBeTruthy()
    expect(await readdir(tempDir())).toEqual(['not-a-folder'])
  })
})

describe('removeStaleTempFiles', () => {
  it('removes temp files of dead writers but not of living ones or other files', async () => {
    const dir = tempDir()
    const dead = `.doc.json.99999999.0badf00d.tmp` // no process has this id
    const alive = `.doc.json.${process.ppid}.0badf00d.tmp`
    for (const name of [dead, alive, 'doc.json', '.other.json.99999999.0badf00d.tmp']) await writeFile(join(dir, name), '')
    await removeStaleTempFiles(join(dir, 'doc.json'))
    expect((await readdir(dir)).sort()).toEqual([alive, '.other.json.99999999.0badf00d.tmp', 'doc.json'].sort())
  })
})
