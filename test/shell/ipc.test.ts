import { beforeAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./electron-stub'))

const { handlers } = await import('./electron-stub')
const { registerIpc, isTrustedSender } = await import('../../src/main/shell/ipc')
const { handle } = await import('../../src/main/handlers')
const { CHANNELS } = await import('../../src/shared/channels')

const OUR_URL = 'file:///app/out/renderer/index.html'
const trust = { webContentsIds: () => [7], isOurUrl: (u: string) => u === OUR_URL }
const event = (id: number, url: string | null) => ({ sender: { id }, senderFrame: url === null ? null : { url } })
const calls: { channel: string; payload: unknown }[] = []
const logged: string[] = []

beforeAll(() => {
  // The real validation path (`handle`) over handlers that record what reaches them.
  const fake = Object.fromEntries(CHANNELS.map((c) => [c, async (args: unknown) => { calls.push({ channel: c, payload: args }); return { ok: c } }]))
  registerIpc(trust, (channel, payload) => handle(fake as never, channel, payload), (m) => logged.push(m))
})

describe('the IPC wrapper', () => {
  it('registers every contract channel and nothing else', () => {
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort())
  })

  it('passes a valid call from our window to its handler, with defaults applied', async () => {
    const reply = await handlers.get('sync:run')!(event(7, OUR_URL), { syncId: 'crm-email' })
    expect(reply).toEqual({ ok: { ok: 'sync:run' } })
    expect(calls.at(-1)).toEqual({ channel: 'sync:run', payload: { syncId: 'crm-email', dryRun: false } })
  })

  it('rejects a bad payload before any handler runs, naming the field', async () => {
    const before = calls.length
    const reply = (await handlers.get('conflict:resolve')!(event(7, OUR_URL), { id: 'c1', resolution: { pick: 'sideways' } })) as { error: { code: string; message: string } }
    expect(reply.error.code).toBe('CONFIG')
    expect(reply.error.message).toMatch(/resolution/)
    expect(calls.length).toBe(before)
    const extra = (await handlers.get('status:get')!(event(7, OUR_URL), { evil: true })) as { error: { message: string } }
    expect(extra.error.message).toMatch(/evil/)
    const garbage = (await handlers.get('run:undo')!(event(7, OUR_URL), 'rm -rf /')) as { error: { code: string } }
    expect(garbage.error.code).toBe('CONFIG')
    expect(calls.length).toBe(before)
  })

  it('refuses calls from an unknown sender: another window, another page, no frame', async () => {
    const before = calls.length
    for (const e of [event(8, OUR_URL), event(7, 'https://evil.example/'), event(7, null)]) {
      const reply = (await handlers.get('status:get')!(e, {})) as { error: { code: string } }
      expect(reply.error.code).toBe('FORBIDDEN')
    }
    expect(calls.length).toBe(before)
    expect(logged.filter((l) => l.includes('unknown sender'))).toHaveLength(3)
    expect(isTrustedSender(event(7, OUR_URL) as never, trust)).toBe(true)
  })
})
