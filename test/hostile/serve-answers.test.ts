/**
 * Issue 9, point 11: what a real `patchbay serve` answers to a caller's mistakes. A garbage
 * log cursor and an address with broken percent-encoding are the caller's fault (400, a
 * plain message, never "This is a bug"); a 50 MB call is refused with a 413 the caller
 * actually receives, not a reset connection.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, ROOT } from '../e2e/helpers'

// The built command (bin/patchbay.js runs out/main/cli.js), built first if the sources changed.
const cli = join(ROOT, 'bin', 'patchbay.js')
beforeAll(ensureBuilt, 300_000)
let serve: ChildProcess | undefined
let origin = ''
let token = ''

beforeAll(async () => {
  // serve needs the built page; the server code itself runs from source.
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) await ensureBuilt()
  const home = await mkdtemp(join(tmpdir(), 'patchbay-serve-answers-'))
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATCHBAY_HOME: home, NO_COLOR: '1' } })
  serve = child
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const look = (d: Buffer) => {
      output += d.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/.exec(output)
      if (m) [, origin, token] = m as unknown as [string, string, string]
      if (m) resolve()
    }
    child.stdout!.on('data', look)
    child.stderr!.on('data', look)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)))
  })
})

afterAll(async () => {
  const child = serve
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
})

/** One raw HTTP exchange, so the path is sent byte for byte as written. */
function send(method: string, path: string, body?: Buffer | string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, Origin: origin } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('serve answers a caller’s mistakes as such', () => {
  it('a garbage log cursor: 400 with a plain message', async () => {
    const { status, text } = await send('POST', '/api/logs:query', JSON.stringify({ before: 'not-a-cursor!!' }))
    expect(status).toBe(400)
    expect(JSON.parse(text).error.message).toMatch(/not a position in the log/)
    expect(text).not.toMatch(/bug/i)
  })

  it('broken percent-encoding in the address: 400, for a page and for a call', async () => {
    for (const [method, path] of [['GET', '/%E0%A4%A'], ['GET', '/api/%E0%A4%A'], ['POST', '/api/%E0%A4%A'], ['HEAD', '/assets/%ZZ.js']] as const) {
      const { status, text } = await send(method, path, method === 'POST' ? '{}' : undefined)
      expect({ method, path, status }).toEqual({ method, path, status: 400 })
      expect(text).not.toMatch(/bug/i)
    }
  })

  it('a 50 MB call: the caller receives 413 with a plain message, not a reset connection', async () => {
    const { status, text } = await send('POST', '/api/logs:query', Buffer.alloc(50 << 20, 0x20))
    expect(status).toBe(413)
    expect(JSON.parse(text).error.message).toMatch(/too large/)
  })

  it('still answers after all that', async () => {
    const { status, text } = await send('POST', '/api/logs:query', JSON.stringify({ limit: 1 }))
    expect(status).toBe(200)
    expect(JSON.parse(text)).toHaveProperty('ok')
  })
})
