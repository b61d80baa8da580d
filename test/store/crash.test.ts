/**
 * Kills a real writer process with SIGKILL at random moments and checks that the
 * document always opens whole: the old content or the new one, never a torn file.
 * (A kill tests atomicity against a crashing process; it cannot simulate a power cut,
 * which is what the fsyncs are for.)
 */
import { spawn } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openDocument } from '../../src/main/store/document'
import { contentFor, crashDocSchema } from './fixtures/crash-doc'
import { useTempDir } from './temp-dir'

const tempDir = useTempDir()
const here = fileURLToPath(new URL('.', import.meta.url))
const writer = join(here, 'fixtures', 'crash-writer.ts')
const repoRoot = resolve(here, '..', '..')

interface Round {
  /** Counter the writer found on disk when it started. */
  startedFrom: number
  /** Last counter the writer reported as saved before it died. */
  lastSaved: number
  signal: NodeJS.Signals | null
  recovered: string | null
  stderr: string
}

/** Starts the writer, lets it save for a random moment, then SIGKILLs it. */
function runAndKill(path: string): Promise<Round> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    const round: Round = { startedFrom: -1, lastSaved: -1, signal: null, recovered: null, stderr: '' }
    let buffered = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        const [word, rest] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]
        if (word === 'saved') round.lastSaved = Number(rest)
        if (word === 'recovered') round.recovered = rest
        if (word === 'ready') {
          round.startedFrom = round.lastSaved = Number(rest)
          setTimeout(() => child.kill('SIGKILL'), 5 + Math.random() * 250)
        }
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (round.stderr += chunk))
    child.on('error', fail)
    // 'close' waits for stdout to drain, so every "saved" line the child got out is counted.
    child.on('close', (_code, signal) => done({ ...round, signal }))
  })
}

describe('a document written by a process that is killed', () => {
  it('always opens whole, with either the last saved content or the one being saved', { timeout: 180_000 }, async () => {
    const path = join(tempDir(), 'doc.json')
    let killedMidSave = 0
    let rounds = 0
    // 20 kills, plus more (up to 40) until one has landed inside a save: about a quarter do, and a test whose kills all fell between saves would prove little.
    for (; rounds < 20 || (killedMidSave === 0 && rounds < 40); rounds++) {
      const round = await runAndKill(path)
      expect(round.stderr).toBe('')
      expect(round.signal).toBe('SIGKILL')
      expect(round.recovered).toBeNull()
      expect(round.startedFrom).toBeGreaterThanOrEqual(0)
      // Only the document's own temp file counts: the save lock's (`.doc.json.lock.<pid>.<hex>.tmp`) is not a save of the document.
      if ((await readdir(tempDir())).some((name) => /^\.doc\.json\.\d+\.[0-9a-f]+\.tmp$/.test(name))) killedMidSave++

      const { doc, recovery } = await openDocument({ path, schema: crashDocSchema, version: 1, defaults: () => contentFor(0) })
      expect(recovery).toBeUndefined()
      // Killed after a save finished but before it said so, the newer content is fine too.
      expect([round.lastSaved, round.lastSaved + 1]).toContain(doc.data.counter)
      for (const name of await readdir(tempDir())) {
        expect(name).toMatch(/^doc\.json(\.bak[1-3])?$/)
        if (name === 'doc.json') continue
        const backup = JSON.parse(await readFile(join(tempDir(), name), 'utf8')) as { data: unknown }
        expect(crashDocSchema.safeParse(backup.data).success).toBe(true)
      }
    }
    expect(killedMidSave).toBeGreaterThan(0)
    console.info(`crash test: ${killedMidSave} of ${rounds} kills interrupted a save`)
  })
})
