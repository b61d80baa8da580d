/**
 * The Electron entry: single-instance lock, the window, IPC, the tray, power events.
 * It stays thin: everything it calls runs (and is tested) in plain Node.
 */
import { app, BrowserWindow, net, Notification, powerMonitor } from 'electron'
import { join } from 'node:path'
import { openApp } from './app'
import { Automation } from './automation'
import { handle, makeHandlers } from './handlers'
import { registerIpc } from './shell/ipc'
import { createTray } from './shell/tray'
import { applyTheme, createMainWindow, isOurUrl, lockDownSession } from './shell/window'

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
  // The scheduler starts below; handlers reach it lazily, as the headless server's do.
  const started: { automation?: Automation } = {}
  const handlers = makeHandlers(core, { automation: () => started.automation })
  win = createMainWindow({ icon: join(resources, 'icon.png'), keepInTray: () => !quitting, theme: core.service.settings().theme })
  registerIpc({ webContentsIds: () => (win ? [win.webContents.id] : []), isOurUrl }, (channel, payload) => handle(handlers, channel, payload), (msg) => core.logger.warn({ event: 'ipc' }, msg))
  const send = (channel: string, payload: unknown) => win?.webContents.send(channel, payload)
  core.service.on('run-started', (run) => send('event:run-started', run))
  core.service.on('run-progress', (e) => send('event:run-progress', e))
  core.service.on('run-finished', (run) => send('event:run-finished', run))
  core.service.on('changed', (what) => send('event:changed', { what }))
  const automation = await Automation.start(core)
  started.automation = automation
  core.nextRun = (syncId) => automation.nextRun(syncId)
  let pausedAll = false
  const tray = createTray(resources, {
    open: showWindow,
    runAll: () => automation.scheduler.runAll(),
    pauseAll: () => {
      pausedAll = !pausedAll
      if (pausedAll) automation.scheduler.pauseAll()
      else automation.scheduler.unpauseAll()
      void automation.refresh()
    },
    quit: () => {
      quitting = true
      app.quit()
    }
  })
  automation.on('health', (h) => void handlers['status:get']({}).then((cards) => tray.update(cards, pausedAll, h.tray)))
  automation.on('alert', (alert) => {
    if (!core.service.settings().notifications || !Notification.isSupported()) return
    const n = new Notification({ title: alert.title, body: alert.body })
    n.on('click', () => showWindow(alert.target.id ? `${alert.target.view}/${alert.target.id}` : alert.target.view))
    n.show()
  })
  // Laptops sleep: on wake, what was missed runs once, as a catch-up.
  powerMonitor.on('resume', () => automation.resume())
  setInterval(() => automation.setOnline(net.isOnline()), 15_000).unref()
  // "Start at login" follows the setting whenever it changes, not only at start.
  const applyLogin = () => app.setLoginItemSettings({ openAtLogin: core.service.settings().startAtLogin })
  applyLogin()
  core.service.on('changed', (what) => {
    if (what !== 'config') return
    applyLogin()
    // The title bar follows a theme chosen in Settings at once, as the page does.
    applyTheme(core.service.settings().theme, win)
  })
  app.on('before-quit', () => {
    quitting = true
    automation.stop()
    void core.close()
  })
  await automation.refresh()
}

app.on('window-all-closed', () => {
  // Patchbay keeps running in the tray; Quit is in the tray menu.
})
