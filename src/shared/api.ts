/**
 * `window.patchbay`: the named, typed methods the UI calls. The preload implements it
 * over Electron IPC; the headless twin implements it over HTTP and a WebSocket. The UI
 * cannot tell them apart.
 */
import type { CallError, CallInput, CallResults, Channel, Events } from './contract'

/** One method per channel: `status:get` → `statusGet`, `conflict:resolve` → `conflictResolve`. */
export type MethodName<C extends string> = C extends `${infer A}:${infer B}` ? `${A}${Capitalize<CamelTail<B>>}` : never
type CamelTail<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<CamelTail<B>>}` : S

/** The API the UI sees. */
export type PatchbayApi = {
  [C in Channel as MethodName<C>]: (input: CallInput<C>) => Promise<CallResults[C]>
} & {
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void
  /**
   * Headless only: told when the event socket drops (`false`) or opens again (`true`), so the
   * page says "Patchbay is not answering" at once instead of at its next check. Electron IPC
   * cannot drop, so the preload has none.
   */
  onLink?(listener: (up: boolean) => void): () => void
  /** Headless only: true in a browser tab, where alerts become the browser's notifications. */
  readonly inBrowser?: boolean
}

/** The method name of a channel, at run time. */
export function methodName(channel: string): string {
  return channel.replace(/[:-]([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** Packs a call error into an Error message (only messages cross Electron's context bridge). */
export function encodeCallError(e: CallError): string {
  return JSON.stringify({ patchbayError: e })
}

/** Reads a call error back from anything a call rejected with. */
export function decodeCallError(err: unknown): CallError {
  const message = err instanceof Error ? err.message : String(err)
  const start = message.indexOf('{"patchbayError"')
  if (start >= 0) {
    try {
      return (JSON.parse(message.slice(start)) as { patchbayError: CallError }).patchbayError
    } catch {
      // fall through: not ours
    }
  }
  return { code: 'INTERNAL', message }
}
