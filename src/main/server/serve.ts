/**
 * `patchbay serve [--demo] [--port N]`: the core with its scheduler, the headless server
 * in front, and, with --demo, a sample workspace in a fresh temporary folder that never
 * touches the user's own data.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { openApp, type App } from '../app'
import { Automation } from '../automation'
import { openDemoWorkspace, type MoneyStarters } from '../demo'
import { playDemo, type PlayingDemo } from '../demo/workspace'
import { ConfigError } from '../errors'
import { handle, makeHandlers } from '../handlers'
import { startServer, type HeadlessServer } from './index'

/** Options of `patchbay serve`. */
export interface ServeOptions {
  demo?: boolean
  /** @default 0 (any free port) */
  port?: number
  /** @default the built renderer next to this build, or out/renderer in a checkout */
  rendererDir?: string
  /** How the demo starts its Stripe and QuickBooks stand-ins (a test seam). @default the stand-ins' own */
  demoStarters?: MoneyStarters
}

/** A running `patchbay serve`. */
export interface Serving {
  app: App
  server: HeadlessServer
  demo?: PlayingDemo
  close(): Promise<void>
}

/** Finds the built renderer: `out/renderer` beside `out/main`, wherever the bundler put this code. */
export function findRendererDir(from = import.meta.dirname): string | null {
  for (let dir = from, i = 0; i < 6; i++, dir = dirname(dir)) {
    for (const candidate of [join(dir, 'renderer'), join(dir, 'out', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html')) && existsSync(join(candidate, 'assets'))) return candidate
    }
  }
  return null
}

/** Starts the core and the server; `out` gets the address to open (once) and what is going on. */
export async function serve(o: ServeOptions, out: (line: string) => void): Promise<Serving> {
  const rendererDir = o.rendererDir ?? findRendererDir()
  if (!rendererDir) throw new ConfigError('The user interface is not built yet', { hint: 'Run `npm run build` first.' })
  let demoFolder: string | undefined
  let root: string | undefined
  let app: App
  if (o.demo) {
    root = await mkdtemp(join(tmpdir(), 'patchbay-demo-'))
    demoFolder = join(root, 'files')
    app = await openApp({ home: join(root, 'data'), secrets: 'memory' })
  } else app = await openApp()
  const auto = await Automation.start(app)
  // After the scheduler opened its own file, so a repair of that is told too.
  for (const n of app.service.recoveryNotices()) out(`Note: ${n.message}`)
  app.nextRun = (syncId) => auto.nextRun(syncId)
  let demo: PlayingDemo | undefined
  const handlers = makeHandlers(app, { automation: () => auto, mode: 'headless', demoFolder, demoNotice: () => demo?.notice })
  const server = await startServer({
    call: (channel, payload) => handle(handlers, channel, payload),
    service: app.service,
    rendererDir,
    port: o.port,
    alerts: (send) => {
      auto.on('alert', send)
      return () => void auto.off('alert', send)
    },
    log: (level, msg) => app.logger[level]({ event: 'server' }, msg)
  })
  if (demoFolder) demo = await playDemo(app, auto, await openDemoWorkspace(demoFolder, new Date(), o.demoStarters))
  if (demo?.notice) out(`Note: ${demo.notice}`)
  // The address carries the access key: it is printed here once and written nowhere else.
  out(`Patchbay is running${demoFolder ? ' with the demo workspace' : ''}. Open this address in your browser:\n\n  ${server.url}\n`)
  if (demoFolder) out(`Demo files: ${demoFolder} (deleted when you stop the demo)`)
  out(`Data folder: ${app.home}\nPress Ctrl+C to stop.`)
  return {
    app,
    server,
    demo,
    async close() {
      const demoStopped = demo?.stop()
      auto.stop()
      await server.close()
      await auto.settled().catch(() => {})
      // The demo's last runs finish and its fake APIs stop before its folder goes: a run
      // still writing there made the folder's removal fail (ENOTEMPTY).
      await demoStopped
      await app.close()
      // The demo is a throwaway: its temporary folder goes when it stops.
      if (root) await rm(root, { recursive: true, force: true })
    }
  }
}
