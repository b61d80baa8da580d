/**
 * Serves the built renderer (out/renderer) with a strict Content-Security-Policy: our
 * own scripts and styles only, no inline code, no eval, and sockets only to ourselves.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json'
}

/** The policy for every page the server sends. */
export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws')
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${ws}`,
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

/** Headers every answer carries. */
export function securityHeaders(origin: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(origin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin'
  }
}

/** Sends a file under `root` for a GET; anything outside `root` or missing is a 404. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  let path: string
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  } catch {
    // Broken percent-encoding (`%E0%A4%A`) is the caller's mistake, not a server error.
    res.writeHead(400, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
    return void res.end('That address is not valid: check the part after the % signs.')
  }
  const rel = path === '/' ? 'index.html' : path.slice(1)
  const file = normalize(join(root, rel))
  if (!file.startsWith(root + sep) || rel.includes('\0')) return notFound(res, headers)
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) return notFound(res, headers)
  const hashed = rel.startsWith('assets/')
  res.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    // Built assets carry a content hash in their name; the page itself must always be fresh.
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache'
  })
  if (req.method === 'HEAD') return void res.end()
  createReadStream(file).pipe(res)
}

function notFound(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
  res.end('Not found')
}
