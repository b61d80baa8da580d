/**
 * The headless twin of `window.patchbay`: the same named methods over `POST /api/<channel>`
 * and the same events over a WebSocket, for the UI served by `patchbay serve`. The access
 * token comes from the address the server printed (`#token=…`) and is then kept in this
 * tab's session storage only.
 */
import { CHANNELS, EVENTS } from '../../../shared/channels'
import type { CallError, Events } from '../../../shared/contract'
import { encodeCallError, methodName, type PatchbayApi } from '../../../shared/api'

const TOKEN_KEY = 'patchbay.token'

/** Takes the token out of the address bar (so it is not bookmarked or shared) and keeps it for this tab. */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash)
  if (m) {
    storage.setItem(TOKEN_KEY, m[1])
    history.replaceState(null, '', `${location.pathname}${location.search}#/overview`)
    return m[1]
  }
  return storage.getItem(TOKEN_KEY)
}

type Listener = (payload: unknown) => void

/** Builds the twin for the server at `origin` (the page's own). */
export function headlessApi(origin: string, token: string | null): PatchbayApi {
  const listeners = new Map<string, Set<Listener>>()
  const api: Record<string, unknown> = {}
  for (const channel of CHANNELS) {
    api[methodName(channel)] = async (input: unknown) => {
      let res: Response
      try {
        res = await fetch(`${origin}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
          body: JSON.stringify(input ?? {}),
          cache: 'no-store',
          credentials: 'omit'
        })
      } catch {
        throw new Error(encodeCallError({ code: 'UNREACHABLE', message: 'Patchbay is not answering.' }))
      }
      const body = (await res.json().catch(() => ({}))) as { ok?: unknown; error?: CallError }
      if (!res.ok || body.error) throw new Error(encodeCallError(body.error ?? { code: 'INTERNAL', message: `The server answered ${res.status}` }))
      return body.ok
    }
  }
  api.on = (event: keyof Events, listener: Listener) => {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`Unknown event ${String(event)}`)
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }
  const links = new Set<(up: boolean) => void>()
  api.onLink = (listener: (up: boolean) => void) => {
    links.add(listener)
    return () => links.delete(listener)
  }
  api.inBrowser = true
  openSocket(
    origin,
    token,
    (event, payload) => {
      for (const l of listeners.get(event) ?? []) l(payload)
    },
    (up) => {
      for (const l of links) l(up)
    }
  )
  return api as PatchbayApi
}

/** Keeps one event socket open, reconnecting with backoff when it drops. */
function openSocket(origin: string, token: string | null, deliver: (event: string, payload: unknown) => void, link: (up: boolean) => void): void {
  let delay = 500
  let wasUp = false
  const connect = () => {
    // The token rides as a sub-protocol: browsers cannot set headers on a WebSocket, and a URL would be logged.
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/events`, ['patchbay', `token.${token ?? 'none'}`])
    ws.onopen = () => {
      delay = 500
      wasUp = true
      link(true)
    }
    ws.onmessage = (m) => {
      try {
        const { event, payload } = JSON.parse(String(m.data)) as { event: string; payload: unknown }
        deliver(event, payload)
      } catch {
        // Not ours: ignore.
      }
    }
    ws.onclose = () => {
      // A server that stops closes the socket at once: say so now, not at the next check.
      if (wasUp) link(false)
      wasUp = false
      setTimeout(connect, delay)
      delay = Math.min(delay * 2, 10_000)
    }
  }
  connect()
}
