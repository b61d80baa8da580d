/**
 * The Electron entry: single-instance lock, the window, IPC, the tray, power events.
 * It stays thin: everything it calls runs (and is tested) in plain Node.
 */
import { app, BrowserWindow, Notification, powerMonitor } from 'electron'
import { join } from 'node:path'
import { openApp } from './app'
import { handle, makeHandlers } from './handlers'
import { registerIpc } from './shell/ipc'
import { createTray } from './shell/tray'
import { createMainWindow, isOurUrl, lockDownSession } from './shell/window'

const resources = app.isPackaged ? process.resourcesPath : join(import.meta.dirname, '../../resources')
let quitting = false
let win: BrowserWindow | null = null

if (!app.requestSingleInstanceLock()) app.quit()
else {
  app.on('second-instance', () => showWindow())
  app.whenReady().then(boot).catch((err: unknown) => {
    console.error('Patchbay could not start:', err instanceof Error ? err.message : err)
    app.exit(1)
  })
}

function showWindow(view?: string): void {
  if (!win) return
  if (view) win.webContents.send('event:navigate', { view })
  win.show()
  win.focus()
}

async function boot(): Promise<void> {
  lockDownSession()
  const core = await openApp({ home: app.getPath('userData') })
  const handlers = makeHandlers(core)
  win = createMainWindow({ icon: join(resources, 'icon.png'), keepInTray: () => !quitting })
  registerIpc({ webContentsIds: () => (win ? [win.webContents.id] : []), isOurUrl }, (channel, payload) => handle(handlers, channel, payload), (msg) => core.logger.warn({ event: 'ipc' }, msg))
  const send = (channel: string, payload: unknown) => win?.webContents.send(channel, payload)
  core.service.on('run-progress', (e) => send('event:run-progress', e))
  core.service.on('run-finished', (run) => send('event:run-finished', run))
  core.service.on('changed', (what) => send('event:changed', { what }))
  let paused = false
  const tray = createTray(resources, {
    open: showWindow,
    runAll: () => { for (const s of core.service.config.listSyncs()) void core.service.runSync(s.id, { trigger: 'manual' }) },
    pauseAll: () => { paused = !paused; void refresh() },
    quit: () => { quitting = true; app.quit() }
  })
  const refresh = async () => tray.update(await handlers['status:get']({}), paused)
  core.service.on('run-finished', (run) => {
    void refresh()
    if (run.status === 'failed' && Notification.isSupported()) {
      const n = new Notification({ title: 'A sync needs you', body: `${core.service.config.getSync(run.syncId)?.name ?? run.syncId}: ${run.error?.message ?? 'failed'}` })
      n.on('click', () => showWindow(`syncs/${run.syncId}`))
      n.show()
    }
  })
  powerMonitor.on('resume', () => core.logger.info({ event: 'power' }, 'Woke from sleep; missed scheduled runs will catch up'))
  app.on('before-quit', () => { quitting = true; void core.close() })
  await refresh()
}

app.on('window-all-closed', () => {
  // Patchbay keeps running in the tray; Quit is in the tray menu.
})
