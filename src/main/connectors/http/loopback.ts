/**
 * The loopback redirect of RFC 8252 §7.3: a one-shot HTTP listener on 127.0.0.1 with a
 * port the OS picks, that receives the authorization code from the system browser and
 * shows the user a page saying how it went.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AuthError } from '../../errors'
import { sameState } from './pkce'

/** Options of `listenForRedirect`. */
export interface LoopbackOptions<T> {
  /** The system's name, shown on the page and in errors. */
  system: string
  /** The `state` we sent; any other value is refused. */
  state: string
  /** Turns the code into tokens; the browser's page waits for it so it can tell the truth. */
  exchange: (code: string) => Promise<T>
  /** @default '/callback' */
  path?: string
  /**
   * A fixed port, for vendors that match the registered redirect address exactly (Xero,
   * Salesforce); 0 lets the OS pick a free one, which RFC 8252 §7.3 vendors accept.
   * @default 0
   */
  port?: number
  /**
   * How long the user has to finish signing in.
   * @default 300_000
   */
  timeoutMs?: number
  signal?: AbortSignal
}

/** A listener waiting for one redirect. */
export interface Loopback<T> {
  /** `http://127.0.0.1:<port><path>`, to send as `redirect_uri`. */
  redirectUri: string
  /** What `exchange` returned, once the browser came back with a code. */
  result: Promise<T>
  /** Stops listening; `result` rejects if it had not settled. */
  close(): void
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body></html>`
  // No caching and no referrer: the URL that brought the browser here holds the code.
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    connection: 'close'
  })
  res.end(html)
}

/** Starts listening on 127.0.0.1 with an ephemeral port; resolves once the port is known. */
export async function listenForRedirect<T>(opts: LoopbackOptions<T>): Promise<Loopback<T>> {
  const path = opts.path ?? '/callback'
  const { system } = opts
  let settle: { resolve: (v: T) => void; reject: (e: unknown) => void } | undefined
  const result = new Promise<T>((resolve, reject) => (settle = { resolve, reject }))
  let busy = false

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method !== 'GET' || url.pathname !== path) return page(res, 404, 'Not found', 'This address is only used to finish signing in.')
    // A page that guessed our port must not be able to end or hijack the sign-in: wrong state is ignored.
    if (!sameState(opts.state, url.searchParams.get('state'))) {
      return page(res, 400, 'This sign-in link is not the current one', `Go back to Patchbay and start connecting ${system} again.`)
    }
    if (busy) return page(res, 409, 'Already signing in', 'Patchbay is already finishing this sign-in. You can close this tab.')
    const error = url.searchParams.get('error')
    const code = url.searchParams.get('code')
    if (error === 'access_denied') {
      // The person clicked "Deny" (or an admin forbade the app): nothing is wrong with Patchbay.
      finish(new AuthError(`${system} was not connected: access was not allowed`, { vendorMessage: url.searchParams.get('error_description') ?? error, hint: `Nothing was changed. Connect ${system} again and choose Allow if you meant to` }))
      return page(res, 400, `${system} was not connected`, `Access was not allowed, so nothing was changed. You can close this tab; to connect, start again from Patchbay and choose Allow.`)
    }
    if (error || !code) {
      const why = url.searchParams.get('error_description') ?? error ?? 'no authorization code came back'
      finish(new AuthError(`${system} did not grant access: ${why}`, { vendorMessage: why, hint: `Connect ${system} again in Connections` }))
      return page(res, 400, `${system} was not connected`, `${system} said: ${why}. You can close this tab and try again from Patchbay.`)
    }
    busy = true
    opts.exchange(code).then(
      (value) => {
        page(res, 200, `Patchbay is connected to ${system}`, 'You can close this tab and go back to Patchbay.')
        finish(undefined, value)
      },
      (err: unknown) => {
        const why = err instanceof Error ? err.message : String(err)
        page(res, 502, `${system} was not connected`, `${why}. You can close this tab and try again from Patchbay.`)
        finish(err)
      }
    )
  })

  const timer = setTimeout(
    () => finish(new AuthError(`Connecting ${system} took too long`, { hint: `Connect ${system} again in Connections` })),
    opts.timeoutMs ?? 300_000
  )
  const onAbort = (): void => finish(opts.signal?.reason ?? new AuthError(`Connecting ${system} was cancelled`))
  function finish(err: unknown, value?: T): void {
    if (!settle) return
    const s = settle
    settle = undefined
    clearTimeout(timer)
    opts.signal?.removeEventListener('abort', onAbort)
    // Stop taking connections; the last page carries `Connection: close`, so its socket ends
    // once sent. A browser's idle keep-alive sockets are cut now, anything else shortly after.
    server.close()
    server.closeIdleConnections()
    setTimeout(() => server.closeAllConnections(), 1000).unref()
    if (err === undefined) s.resolve(value as T)
    else s.reject(err)
  }

  const wanted = opts.port ?? 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      settle = undefined
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        reject(new AuthError(`Patchbay cannot wait for the ${system} sign-in: another program on this computer is using port ${wanted}`, { hint: `Close that program (or a second copy of Patchbay), then connect ${system} again` }))
      } else reject(err)
    })
    server.listen(wanted, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  if (opts.signal?.aborted) onAbort()
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    result,
    close: () => finish(new AuthError(`Connecting ${system} was cancelled`))
  }
}
