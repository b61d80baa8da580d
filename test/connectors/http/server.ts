/**
 * A real HTTP server on 127.0.0.1 with a port the OS picks, for tests that must go
 * through axios and node:http for real (no mocking of the client).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request as the server saw it, body parsed as JSON or form when it can be. */
export interface SeenRequest {
  method: string
  url: URL
  headers: IncomingMessage['headers']
  body: string
}

export type Handler = (req: SeenRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>

export interface TestServer {
  url: string
  seen: SeenRequest[]
  close(): Promise<void>
}

/** Starts a server that records every request and hands it to `handler`. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const seen: SeenRequest[] = []
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = []
    raw.on('data', (c: Buffer) => chunks.push(c))
    raw.on('end', () => {
      const req: SeenRequest = {
        method: raw.method ?? 'GET',
        url: new URL(raw.url ?? '/', 'http://127.0.0.1'),
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      seen.push(req)
      Promise.resolve(handler(req, res, raw)).catch((err: unknown) => {
        res.writeHead(500).end(String(err))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** Answers JSON with a status and extra headers. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
