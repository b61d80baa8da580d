/**
 * A sync's run lock left by a process that died is taken over by exactly one of the
 * processes that find it: real child processes race for it, over and over.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireRunLock } from '../../src/main/store/run-lock'
import { useTempDir } from './temp-dir'

const tempDir = useTempDir()
const here = fileURLToPath(new URL('.', import.meta.url))
const racer = join(here, 'fixtures', 'lock-racer.ts')
const repoRoot = resolve(here, '..', '..')
const children: ChildProcessWithoutNullStreams[] = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL')
})

/** A racer process, answering each line it is sent with "won" or "lost". */
async function startRacer(lock: string, log: string, implementation?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', racer, lock, log, ...(implementation ? [implementation] : [])], { cwd: repoRoot })
  children.push(child)
  const waiting: Array<(line: string) => void> = []
  let buffered = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    const lines = buffered.split('\n')
    buffered = lines.pop()!
    for (const line of lines) waiting.shift()?.(line)
  })
  let exited = false
  child.once('exit', () => {
    exited = true
    for (const w of waiting.splice(0)) w(`exited: ${stderr}`)
  })
  const next = () => new Promise<string>((done) => (exited ? done(`exited: ${stderr}`) : waiting.push(done)))
  expect(await next()).toBe('ready')
  return {
    /** Tries the lock once; resolves to whether it won. */
    race: async (round: number, at: number) => {
      const answer = next()
      child.stdin.write(`${round} ${at}\n`)
      return (await answer) === `${round} ${at} won`
    }
  }
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(done.stdout)
}

/** Races `rounds` times over a stale lock; resolves to the holders log and the winners of each round. */
async function raceOverStaleLocks(rounds: number, implementation?: string) {
  const lock = join(tempDir(), 'sync', 'run.lock')
  const log = join(tempDir(), 'holders.log')
  await mkdir(dirname(lock), { recursive: true })
  await writeFile(log, '')
  const racers = await Promise.all([1, 2, 3, 4].map(() => startRacer(lock, log, implementation)))
  const dead = deadPid()
  const winners: number[] = []
  for (let round = 0; round < rounds; round++) {
    // Left by a killed process: the older bare-pid form, or a live pid that now belongs to another
    // process (its start time differs), as after a reboot.
    await writeFile(lock, round % 2 === 0 ? String(dead) : JSON.stringify({ pid: process.pid, start: '1', token: 'old' }))
    const at = Date.now() + 40
    const won = await Promise.all(racers.map((r) => r.race(round, at)))
    winners.push(won.filter(Boolean).length)
    await rm(lock, { force: true })
  }
  return { holders: (await readFile(log, 'utf8')).trim().split('\n'), winners }
}

/** True when some `in` comes before the previous holder's `out`: two processes held the lock at once. */
function overlaps(holders: string[]): boolean {
  let holding: string | null = null
  for (const line of holders) {
    const [what, pid] = line.split(' ')
    if (what === 'in') {
      if (holding !== null) return true
      holding = pid
    } else holding = null
  }
  return false
}

describe('the run lock', () => {
  it('is taken over by one process at a time when its owner died: 100 races of 4 processes', { timeout: 120_000 }, async () => {
    const { holders, winners } = await raceOverStaleLocks(100)
    expect(overlaps(holders)).toBe(false)
    // Every round someone took the stale lock over (a racer arriving after the winner let go may win too, in turn).
    expect(winners.every((n) => n >= 1)).toBe(true)
    expect(holders.length).toBe(2 * winners.reduce((a, b) => a + b, 0))
  })

  it('is refused while its owner runs, naming the process', async () => {
    const lock = join(tempDir(), 'run.lock')
    const release = await acquireRunLock(lock, 'The sync')
    const other = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import('${join(repoRoot, 'src/main/store/run-lock.ts').replace(/\\/g, '/')}').then((m) => m.acquireRunLock(${JSON.stringify(lock)}, 'The sync')).then(() => console.log('won'), (e) => console.log(e.message))`],
      { cwd: repoRoot, encoding: 'utf8' }
    )
    expect(other.stdout.trim()).toBe(`The sync is already running in another Patchbay (process ${process.pid})`)
    await release()
    await expect(readFile(lock, 'utf8')).rejects.toThrow()
  })
})
