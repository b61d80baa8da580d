/**
 * The one place `ipcMain.handle` is called. Every call is checked twice before a handler
 * runs: the sender must be our own window showing our own page, and the payload must
 * parse against the contract. Errors cross as plain data (`CallError`).
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { calls, type CallError } from '../../shared/contract'
import { toErrorData } from '../errors'

/** What a call's sender must look like. */
export interface TrustedSender {
  /** Web contents ids of our windows. */
  webContentsIds: () => readonly number[]
  /** True for URLs of our own renderer (file:// in production, the dev server in development). */
  isOurUrl: (url: string) => boolean
}

/** True when the IPC call comes from one of our windows, showing our own page. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, trust: TrustedSender): boolean {
  const frame = event.senderFrame
  if (!frame || !trust.webContentsIds().includes(event.sender.id)) return false
  return trust.isOurUrl(frame.url)
}

/** Registers every contract channel; `run(channel, payload)` validates and calls the handler. */
export function registerIpc(trust: TrustedSender, run: (channel: string, payload: unknown) => Promise<unknown>, log: (msg: string) => void): void {
  for (const channel of Object.keys(calls)) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrustedSender(event, trust)) {
        log(`Refused ${channel} from an unknown sender (${event.senderFrame?.url ?? 'no frame'})`)
        return { error: { code: 'FORBIDDEN', message: 'This window may not talk to Patchbay.' } satisfies CallError }
      }
      try {
        return { ok: await run(channel, payload) }
      } catch (err) {
        const e = toErrorData(err)
        return { error: { code: e.code, message: e.message, hint: e.hint } satisfies CallError }
      }
    })
  }
}
