/**
 * `patchbay serve` answers only its own page: calls and the event socket without the
 * access token, with a wrong one, from another web page (Origin) or through another host
 * name (DNS rebinding) are refused, and the token never reaches the log.
 */
import { request } from 'node:http'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ensureBuilt, serveDemo, type Served } from './helpers'

let served: Served

beforeAll(async () => {
  await ensureBuilt()
  served = await serveDemo()
}, 240_000)

afterAll(async () => {
  await served?.stop()
})

/** A raw HTTP request, so tests can send any Host and Origin. */
function send(path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(served.origin)
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(o.body)
  })
}

const call = (headers: Record<string, string>, channel = 'status:get') =>
  send(`/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' })

function openSocket(headers: Record<string, string>, protocols: string[]): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${served.origin.replace('http', 'ws')}/events`, protocols, { headers })
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

describe('patchbay serve', () => {
  it('answers a call with the token from its own page', async () => {
    const res = await call({ Authorization: `Bearer ${served.token}`, Origin: served.origin })
    expect(res.status).toBe(200)
    expect((JSON.parse(res.body) as { ok: unknown[] }).ok.length).toBeGreaterThan(0)
  })

  it('refuses a call without the token, or with a wrong one (401)', async () => {
    expect((await call({ Origin: served.origin })).status).toBe(401)
    expect((await call({ Authorization: 'Bearer not-the-token', Origin: served.origin })).status).toBe(401)
    expect((await call({ Authorization: `Bearer ${served.token}x` })).status).toBe(401)
    expect(JSON.parse((await call({})).body)).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/address it printed/) } })
  })

  it('refuses a call from another web page even with the token (403)', async () => {
    expect((await call({ Authorization: `Bearer ${served.token}`, Origin: 'http://evil.example' })).status).toBe(403)
    expect((await call({ Authorization: `Bearer ${served.token}`, Origin: 'null' })).status).toBe(403)
    expect((await call({ Authorization: `Bearer ${served.token}`, Origin: served.origin.replace('127.0.0.1', 'localhost') })).status).toBe(403)
  })

  it('refuses a request through another host name (DNS rebinding), even for the page itself', async () => {
    const { port } = new URL(served.origin)
    expect((await send('/', { headers: { Host: `evil.example:${port}` } })).status).toBe(403)
    expect((await call({ Authorization: `Bearer ${served.token}`, Host: `rebound.example:${port}` })).status).toBe(403)
  })

  it('validates input with the contract and refuses unknown calls', async () => {
    const auth = { Authorization: `Bearer ${served.token}`, Origin: served.origin }
    const bad = await send('/api/sync:run', { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify({ syncId: 'hubspot-mailchimp', evil: true }) })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatch(/evil/)
    expect((await call(auth, 'shell:exec')).status).toBe(404)
    expect((await send('/api/status:get', { headers: auth })).status).toBe(405)
    expect((await send('/api/status:get', { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415)
  })

  it('serves the page with a strict Content-Security-Policy and no way out of its folder', async () => {
    const page = await send('/')
    expect(page.status).toBe(200)
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect((await send('/../package.json')).status).toBe(404)
    expect((await send('/%2e%2e/package.json')).status).toBe(404)
  })

  it('opens the event socket only with the token, from its own page', async () => {
    expect(await openSocket({ Origin: served.origin }, ['patchbay', `token.${served.token}`])).toBe('open')
    expect(await openSocket({ Origin: served.origin }, ['patchbay'])).toBe(401)
    expect(await openSocket({ Origin: served.origin }, ['patchbay', 'token.wrong'])).toBe(401)
    expect(await openSocket({ Origin: 'http://evil.example' }, ['patchbay', `token.${served.token}`])).toBe(403)
  })

  it('prints the token once and never writes it to the log', async () => {
    expect(served.output().split(served.token).length - 1).toBe(1)
    const logs = join(served.data, 'logs')
    const files = await readdir(logs)
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) expect(await readFile(join(logs, f), 'utf8')).not.toContain(served.token)
  })
})
