/**
 * Headless mode (DESIGN.md §7): the built renderer and the same contract as the desktop
 * app, on 127.0.0.1 only. Calls are `POST /api/<channel>` with a JSON body, validated by
 * the same `handle` as Electron IPC; events arrive on a WebSocket at `/events`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { calls, type CallError, type Events } from '../../shared/contract'
import { toErrorData } from '../errors'
import type { PatchbayService } from '../service'
import { Guard, newToken, WS_PROTOCOL, type Refusal } from './guard'
import { securityHeaders, serveStatic } from './static-files'

/** What the server needs. */
export interface ServerOptions {
  /** Runs a validated call: `(channel, payload) => handle(handlers, channel, payload)`. */
  call: (channel: string, payload: unknown) => Promise<unknown>
  /** Its events are forwarded to every open page. */
  service: PatchbayService
  /** Folder of the built renderer (index.html and assets/). */
  rendererDir: string
  /** @default 0 (any free port) */
  port?: number
  /** @default a new random token */
  token?: string
  /** Subscribes the server to the alerts (the tray's, in the desktop app), which go to every open page. */
  alerts?: (send: (alert: Events['event:alert']) => void) => () => void
  /** Told about refused requests and server errors (never the token). */
  log?: (level: 'warn' | 'error', msg: string) => void
}

/** A running headless server. */
export interface HeadlessServer {
  /** http://127.0.0.1:PORT */
  origin: string
  port: number
  /** The address to open, with the access token in the fragment (never sent to the server). */
  url: string
  close(): Promise<void>
}

const MAX_BODY = 1 << 20
/** Bodies up to this size are read to the end before the 413, so the caller sees it. */
const MAX_DRAIN = 256 << 20

/** Starts the server on 127.0.0.1. */
export async function startServer(o: ServerOptions): Promise<HeadlessServer> {
  const token = o.token ?? newToken()
  const log = o.log ?? (() => {})
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  const guard = new Guard(token, origin)
  const headers = securityHeaders(origin)

  const refuse = (res: ServerResponse, r: Refusal, what: string) => {
    log('warn', `Refused ${what}: ${r.code.toLowerCase()}`)
    sendJson(res, r.status, { error: { code: r.code, message: r.message } }, headers)
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req, origin)
    if (path === null) return sendJson(res, 400, { error: { code: 'CONFIG', message: 'That address is not valid: check the part after the % signs.' } }, headers)
    const host = guard.checkHost(req)
    if (host) return refuse(res, host, `${req.method} ${path}`)
    if (path.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'METHOD', message: 'Use POST.' } }, { ...headers, Allow: 'POST' })
      const refusal = guard.checkOrigin(req) ?? guard.checkBearer(req)
      if (refusal) return refuse(res, refusal, `a call to ${path}`)
      return void handleCall(path.slice('/api/'.length), req, res)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { code: 'METHOD', message: 'Use GET.' } }, { ...headers, Allow: 'GET, HEAD' })
    serveStatic(o.rendererDir, req, res, headers).catch((err: unknown) => {
      log('error', `Could not send ${path}: ${toErrorData(err).message}`)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })

  async function handleCall(channel: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!Object.hasOwn(calls, channel)) return sendJson(res, 404, { error: { code: 'CONFIG', message: `Unknown call "${channel.slice(0, 60)}"` } }, headers)
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, { error: { code: 'CONFIG', message: 'Send the call as application/json.' } }, headers)
    }
    let payload: unknown
    try {
      payload = JSON.parse((await readBody(req)) || '{}')
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        log('warn', `Refused a call to ${channel}: ${err.size} bytes`)
        // Sent once the whole body is read (see readBody), so the caller gets the answer, not a reset connection.
        return sendJson(res, 413, { error: { code: 'CONFIG', message: `The call is too large: Patchbay accepts at most ${MAX_BODY / (1 << 20)} MB.` } }, { ...headers, Connection: 'close' })
      }
      return sendJson(res, 400, { error: { code: 'CONFIG', message: 'The call is not valid JSON.' } }, headers)
    }
    try {
      sendJson(res, 200, { ok: await o.call(channel, payload) }, headers)
    } catch (err) {
      const e = toErrorData(err)
      const error: CallError = { code: e.code, message: e.message, hint: e.hint }
      if (e.code === 'INTERNAL') log('error', `${channel} failed: ${e.message}`)
      sendJson(res, e.code === 'INTERNAL' ? 500 : 400, { error }, headers)
    }
  }

  // Events: one socket per open page, each checked like a call before the upgrade.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, handleProtocols: () => WS_PROTOCOL })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req, origin)
    const refusal = path !== '/events' ? ({ status: 403, code: 'FORBIDDEN', message: 'No such socket.' } as Refusal) : (guard.checkHost(req) ?? guard.checkOrigin(req) ?? guard.checkProtocols(req))
    if (refusal) {
      log('warn', `Refused an event socket: ${refusal.code.toLowerCase()}`)
      socket.end(`HTTP/1.1 ${refusal.status} ${refusal.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  const alive = new WeakMap<WebSocket, boolean>()
  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true)
    ws.on('pong', () => alive.set(ws, true))
    // The page never sends anything that matters; a message is ignored.
    ws.on('error', () => ws.terminate())
  })
  // A page that went away without closing (a laptop lid) is dropped after one missed ping.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) ws.terminate()
      else {
        alive.set(ws, false)
        ws.ping()
      }
    }
  }, 15_000)
  heartbeat.unref()

  const broadcast = <E extends keyof Events>(event: E, payload: Events[E]) => {
    const text = JSON.stringify({ event, payload })
    for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text)
  }
  const forward = {
    started: (run: Events['event:run-started']) => broadcast('event:run-started', run),
    progress: (e: Events['event:run-progress']) => broadcast('event:run-progress', e),
    finished: (run: Events['event:run-finished']) => broadcast('event:run-finished', run),
    changed: (what: Events['event:changed']['what']) => broadcast('event:changed', { what })
  }
  o.service.on('run-started', forward.started)
  o.service.on('run-progress', forward.progress)
  o.service.on('run-finished', forward.finished)
  o.service.on('changed', forward.changed)
  const stopAlerts = o.alerts?.((alert) => broadcast('event:alert', alert))

  return {
    origin,
    port,
    url: `${origin}/#token=${token}`,
    async close() {
      clearInterval(heartbeat)
      o.service.off('run-started', forward.started)
      o.service.off('run-progress', forward.progress)
      o.service.off('run-finished', forward.finished)
      o.service.off('changed', forward.changed)
      stopAlerts?.()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

class BodyTooLarge extends Error {
  constructor(readonly size: number) {
    super('The call is too large.')
  }
}

/**
 * Reads a call's body. Past MAX_BODY the rest is read and thrown away, and only then is the
 * call refused: answering while the caller is still sending makes most clients see a reset
 * connection instead of the 413. Past MAX_DRAIN the caller is not worth waiting for.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= MAX_BODY) chunks.push(c)
      else if (chunks.length > 0) chunks.length = 0
      if (size > MAX_DRAIN) req.destroy()
    })
    req.on('end', () => (size > MAX_BODY ? reject(new BodyTooLarge(size)) : resolve(Buffer.concat(chunks).toString('utf8'))))
    req.on('error', reject)
    // Destroyed past MAX_DRAIN, or the caller went away: nobody is waiting for an answer.
    req.on('close', () => (req.complete ? undefined : reject(new Error('The caller went away.'))))
  })
}

/** The path of a request, or null when its address cannot be parsed or has broken percent-encoding (`%E0%A4%A`). */
function pathOf(req: IncomingMessage, origin: string): string | null {
  try {
    const path = new URL(req.url ?? '/', origin).pathname
    decodeURIComponent(path)
    return path
  } catch {
    return null
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(text)) })
  res.end(text)
}
