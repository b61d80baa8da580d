import { open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { linesBackward, type LineAt } from '../../src/main/logs/reverse-lines'
import { tempDir } from './helpers'

async function readBackward(content: string, chunkSize: number, end?: number): Promise<LineAt[]> {
  const path = join(await tempDir(), 'f.ndjson')
  await writeFile(path, content)
  const file = await open(path, 'r')
  try {
    const out: LineAt[] = []
    for await (const line of linesBackward(file, end ?? Buffer.byteLength(content), chunkSize)) out.push(line)
    return out
  } finally {
    await file.close()
  }
}

describe('linesBackward', () => {
  const content = 'first\nsecond é\n\n🙂 third line with emoji\r\nfourth 中文\nlast, no newline'

  it.each([1, 2, 3, 5, 7, 64 * 1024])('returns every line last first, with its offset, in chunks of %i bytes', async (chunk) => {
    const lines = await readBackward(content, chunk)
    expect(lines.map((l) => l.text)).toEqual(['last, no newline', 'fourth 中文', '🙂 third line with emoji', 'second é', 'first'])
    const bytes = Buffer.from(content)
    for (const { text, offset } of lines) expect(bytes.subarray(offset).toString('utf8').startsWith(text)).toBe(true)
  })

  it('stops at the given end, so a cursor can resume before a line', async () => {
    const start = Buffer.byteLength('first\nsecond é\n')
    const lines = await readBackward(content, 4, start)
    expect(lines.map((l) => l.text)).toEqual(['second é', 'first'])
  })

  it('reads an empty file as no lines', async () => {
    expect(await readBackward('', 8)).toEqual([])
  })
})
