import { spawnSync } from 'node:child_process'
import { rm, mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AuthError, RecordError } from '../../src/main/errors'
import { closeLogger, createLogger, flushLogger, runLogger } from '../../src/main/logs/logger'
import { REDACTED, Redactor } from '../../src/main/logs/redact'
import { linesOf, readAll, tempDir } from './helpers'

const SECRET = 'hubspot-refresh-7f3a9c1e2b'

function seeded(): Redactor {
  const redactor = new Redactor()
  redactor.addSecret(SECRET)
  return redactor
}

describe('createLogger', () => {
  it('never writes a known secret, wherever it was logged', async () => {
    const dir = await tempDir()
    const log = createLogger({ dir, redactor: seeded(), level: 'debug' })
    log.info(`refreshing with ${SECRET}`)
    log.info('interpolated %s and %j', SECRET, { nested: SECRET })
    log.info({ vendor: { body: { detail: [`token ${SECRET} expired`] } } }, 'nested object')
    log.info({ event: 'http', req: { method: 'GET', headers: { Authorization: `Bearer ${SECRET}`, 'x-api-key': SECRET } } }, 'request')
    log.info({ event: 'http', url: `https://api.example.com/x?access_token=${SECRET}` }, 'url')
    log.error({ err: new AuthError(`token ${SECRET} revoked`, { connectionId: 'hubspot-main' }) }, 'auth failed')
    log.error(new Error(`unexpected ${SECRET}`))
    runLogger(log, { syncId: 'contacts', runId: 'r1' }).child({ note: SECRET }).warn('child binding')
    await closeLogger(log)

    const files = await readAll(dir)
    const text = Object.values(files).join('')
    expect(text).not.toContain(SECRET)
    const lines = linesOf(text)
    expect(lines).toHaveLength(8)
    expect(lines[0].msg).toBe(`refreshing with ${REDACTED}`)
    expect(lines[3]).toMatchObject({ req: { headers: { Authorization: REDACTED, 'x-api-key': REDACTED } } })
  })

  it('writes pino lines with the run, event, record and error fields', async () => {
    const dir = await tempDir()
    const log = runLogger(createLogger({ dir, redactor: new Redactor() }), { syncId: 'contacts', runId: 'run-1' })
    const before = Date.now()
    log.info({ event: 'record', record: { side: 'right', op: 'create', id: 'c-1', key: 'alice@example.com', outcome: 'ok' } }, 'created')
    log.warn({ event: 'failure', err: new RecordError('email is invalid', { recordId: 'c-2' }) }, 'refused')
    log.debug('not at info')
    await flushLogger(log)

    const [created, refused] = linesOf((await readAll(dir))['patchbay.ndjson'])
    expect(created).toMatchObject({
      level: 30, msg: 'created', syncId: 'contacts', runId: 'run-1', event: 'record',
      record: { side: 'right', op: 'create', id: 'c-1', key: 'alice@example.com', outcome: 'ok' }
    })
    expect(created.time).toBeGreaterThanOrEqual(before)
    expect(refused).toMatchObject({ level: 40, event: 'failure', err: { code: 'RECORD', message: 'email is invalid' } })
    expect(refused.err).not.toHaveProperty('stack')
    await closeLogger(log)
  })

  it('keeps the stack of an unexpected error, which is a bug to find', async () => {
    const dir = await tempDir()
    const log = createLogger({ dir, redactor: new Redactor() })
    log.error(new TypeError('x is undefined'))
    await closeLogger(log)
    const [line] = linesOf((await readAll(dir))['patchbay.ndjson'])
    expect(line).toMatchObject({ level: 50, msg: 'x is undefined', err: { code: 'INTERNAL', message: 'x is undefined' } })
    expect((line.err as { stack: string }).stack).toContain('TypeError')
  })
})

describe('rotation', () => {
  it('rotates at the size limit, newest first, and drops the oldest files', async () => {
    const dir = await tempDir()
    const maxBytes = 2_000
    const log = createLogger({ dir, redactor: new Redactor(), maxBytes, maxFiles: 2 })
    for (let n = 0; n < 200; n++) log.info({ n }, 'line of some length to fill files quickly')
    await closeLogger(log)

    const files = await readAll(dir)
    expect(Object.keys(files)).toEqual(['patchbay.1.ndjson', 'patchbay.2.ndjson', 'patchbay.ndjson'])
    const numbers = (name: string): number[] => linesOf(files[name]).map((line) => line.n as number)
    const oldest = numbers('patchbay.2.ndjson')
    const newer = numbers('patchbay.1.ndjson')
    const current = numbers('patchbay.ndjson')
    // One unbroken run of lines ending with the last one: nothing lost or reordered inside the window.
    const kept = [...oldest, ...newer, ...current]
    expect(kept).toEqual(kept.map((_, i) => kept[0] + i))
    expect(kept.at(-1)).toBe(199)
    expect(kept[0]).toBeGreaterThan(0)

    const firstLineBytes = (name: string): number => Buffer.byteLength(files[name].split('\n')[0] + '\n')
    for (const [full, next] of [['patchbay.2.ndjson', 'patchbay.1.ndjson'], ['patchbay.1.ndjson', 'patchbay.ndjson']]) {
      const size = Buffer.byteLength(files[full])
      expect(size).toBeLessThanOrEqual(maxBytes)
      // Rotated only because the next line would not fit.
      expect(size + firstLineBytes(next)).toBeGreaterThan(maxBytes)
    }
  })

  it('counts the size of a file left by an earlier run', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'patchbay.ndjson'), `${JSON.stringify({ level: 30, time: 1, msg: 'x'.repeat(950) })}\n`)
    const log = createLogger({ dir, redactor: new Redactor(), maxBytes: 1_000 })
    log.info('this line no longer fits')
    await closeLogger(log)
    const files = await readAll(dir)
    expect(linesOf(files['patchbay.1.ndjson'])[0].msg).toHaveLength(950)
    expect(linesOf(files['patchbay.ndjson'])[0].msg).toBe('this line no longer fits')
  })

  it('reports a folder that disappeared once, then writes again when it is back', async () => {
    const dir = join(await tempDir(), 'logs')
    const errors: unknown[] = []
    const log = createLogger({ dir, redactor: new Redactor(), maxBytes: 300, onWriteError: (err) => errors.push(err) })
    await rm(dir, { recursive: true })
    for (let n = 0; n < 20; n++) {
      log.info({ n }, 'a line of about a hundred bytes, give or take')
      await flushLogger(log)
    }
    expect(errors).toHaveLength(1)
    await mkdir(dir)
    log.info('back')
    await closeLogger(log)
    expect(linesOf((await readAll(dir))['patchbay.ndjson']).map((line) => line.msg)).toContain('back')
  })
})

describe('exit', () => {
  const loggerPath = resolve(__dirname, '../../src/main/logs/logger.ts')
  const redactPath = resolve(__dirname, '../../src/main/logs/redact.ts')

  it.each([
    ['the event loop empties', ''],
    ['process.exit() is called right after logging', 'process.exit(0)']
  ])('keeps every line when %s', async (_when, ending) => {
    const dir = await tempDir()
    const script = join(dir, 'child.ts')
    await writeFile(
      script,
      [
        `import { createLogger } from ${JSON.stringify(loggerPath)}`,
        `import { Redactor } from ${JSON.stringify(redactPath)}`,
        `const log = createLogger({ dir: ${JSON.stringify(join(dir, 'logs'))}, redactor: new Redactor() })`,
        `for (let n = 0; n < 5000; n++) log.info({ event: 'record', n }, 'record')`,
        ending
      ].join('\n')
    )
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' })
    expect(child.stderr).toBe('')
    const lines = linesOf((await readAll(join(dir, 'logs')))['patchbay.ndjson'])
    expect(lines).toHaveLength(5000)
    expect(lines.at(-1)?.n).toBe(4999)
  })
})
