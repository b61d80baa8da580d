import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StoreError } from '../../src/main/errors'
import { appendLines, readLines, truncateFile } from '../../src/main/store/ndjson'
import { useTempDir } from './temp-dir'

const tempDir = useTempDir()
const file = () => join(tempDir(), 'logs', 'run.ndjson')

describe('NDJSON files', () => {
  it('appends batches as lines and reads them back in order', async () => {
    await appendLines(file(), [{ n: 1 }, { n: 2 }], { fsync: true })
    await appendLines(file(), [{ n: 3 }])
    await appendLines(file(), [])
    expect(await readFile(file(), 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n')
    expect(await readLines(file())).toEqual({ items: [{ n: 1 }, { n: 2 }, { n: 3 }], damagedTail: false })
  })

  it('reads a file that does not exist yet as empty', async () => {
    expect(await readLines(file())).toEqual({ items: [], damagedTail: false })
  })

  it('skips a last line cut off by a crash mid-append and says so', async () => {
    await appendLines(file(), [{ n: 1 }, { n: 2 }])
    await appendFile(file(), '{"n":3,"na')
    expect(await readLines(file())).toEqual({ items: [{ n: 1 }, { n: 2 }], damagedTail: true })
  })

  it('skips a garbled last line even when it ends in a newline', async () => {
    await appendLines(file(), [{ n: 1 }])
    await appendFile(file(), '\u0000\u0000\u0000garbage\n')
    expect(await readLines(file())).toEqual({ items: [{ n: 1 }], damagedTail: true })
  })

  it('reports damage before the last line as a StoreError naming the file and line', async () => {
    const path = join(tempDir(), 'run.ndjson')
    await writeFile(path, '{"n":1}\n{"n":2\n{"n":3}\n')
    const error = await readLines(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as Error).message).toContain('run.ndjson')
    expect((error as Error).message).toContain('line 2')
  })

  it('drops a torn tail before appending, so the crash does not leave damage mid-file', async () => {
    await appendLines(file(), [{ n: 1 }])
    await appendFile(file(), '{"n":2,"half')
    await appendLines(file(), [{ n: 3 }])
    expect(await readLines(file())).toEqual({ items: [{ n: 1 }, { n: 3 }], damagedTail: false })
  })

  it('keeps a last line that only lost its newline', async () => {
    await appendLines(file(), [{ n: 1 }])
    await appendFile(file(), '{"n":2}')
    expect(await readLines(file())).toEqual({ items: [{ n: 1 }, { n: 2 }], damagedTail: false })
    await appendLines(file(), [{ n: 3 }])
    expect(await readLines(file())).toEqual({ items: [{ n: 1 }, { n: 2 }, { n: 3 }], damagedTail: false })
  })

  it('truncates a file to empty, and leaves a missing file missing', async () => {
    await appendLines(file(), [{ n: 1 }])
    await truncateFile(file())
    expect(await readLines(file())).toEqual({ items: [], damagedTail: false })
    await expect(truncateFile(join(tempDir(), 'nope.ndjson'))).resolves.toBeUndefined()
  })
})
