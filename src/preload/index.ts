/**
 * The preload: exposes `window.patchbay` with one named method per contract channel,
 * never the raw `ipcRenderer` or a generic invoke. Sandboxed, so it is bundled as CommonJS.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { CallError, Events } from '../shared/contract'
import { CHANNELS, EVENTS } from '../shared/channels'
import { encodeCallError, methodName, type PatchbayApi } from '../shared/api'

const api: Record<string, unknown> = {}
for (const channel of CHANNELS) {
  api[methodName(channel)] = async (input: unknown) => {
    const reply = (await ipcRenderer.invoke(channel, input ?? {})) as { ok?: unknown; error?: CallError }
    // Only an Error's message survives the context bridge, so the code travels inside it.
    if (reply.error) throw new Error(encodeCallError(reply.error))
    return reply.ok
  }
}
api.on = (event: keyof Events, listener: (payload: unknown) => void) => {
  if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`Unknown event ${String(event)}`)
  const wrapped = (_e: unknown, payload: unknown) => listener(payload)
  ipcRenderer.on(event, wrapped)
  return () => ipcRenderer.removeListener(event, wrapped)
}

contextBridge.exposeInMainWorld('patchbay', api as PatchbayApi)
