/**
 * The main window, locked down: context isolation, sandbox, no Node in the page, web
 * security on, a strict Content-Security-Policy, no navigation away, no new windows,
 * every permission request denied.
 */
import { BrowserWindow, nativeTheme, session, shell } from 'electron'
import { join } from 'node:path'

/** The Content-Security-Policy of the renderer: our own scripts and styles only, no eval, no remote anything. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

/** Where the renderer comes from: the dev server in development, the built files otherwise. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL
  return dev ?? `file://${join(import.meta.dirname, '../renderer/index.html')}`
}

/** True for URLs of our own renderer. */
export function isOurUrl(url: string): boolean {
  const ours = new URL(rendererUrl())
  try {
    const u = new URL(url)
    return ours.protocol === 'file:' ? u.protocol === 'file:' && u.pathname === ours.pathname : u.origin === ours.origin
  } catch {
    return false
  }
}

/** Only plain https links (vendor help pages, OAuth consent screens) may leave the app for the browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && u.username === '' && u.password === ''
  } catch {
    return false
  }
}

/** Denies every permission (camera, notifications from the page, geolocation…) for the default session. */
export function lockDownSession(): void {
  const s = session.defaultSession
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  s.setPermissionCheckHandler(() => false)
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
}

/** The window's background before the page paints, so opening it never flashes the other theme (the page's --bg). */
export const WINDOW_BACKGROUND = { light: '#f5f6f8', dark: '#101317' } as const

/**
 * Follows the theme setting in the window's frame too: Electron's theme source drives the
 * title bar (Windows, macOS), native menus and the page's `prefers-color-scheme`, so a
 * dark app never sits under a light title bar. Returns the background for the window.
 */
export function applyTheme(theme: 'system' | 'light' | 'dark', win?: Pick<BrowserWindow, 'setBackgroundColor'> | null): string {
  nativeTheme.themeSource = theme
  const color = WINDOW_BACKGROUND[nativeTheme.shouldUseDarkColors ? 'dark' : 'light']
  win?.setBackgroundColor(color)
  return color
}

/** Creates the main window; closing it hides it (Patchbay keeps running in the tray). */
export function createMainWindow(opts: { icon: string; keepInTray: () => boolean; theme?: 'system' | 'light' | 'dark' }): BrowserWindow {
  const background = applyTheme(opts.theme ?? 'system')
  const win = new BrowserWindow({
    backgroundColor: background,
    width: 1200,
    height: 800,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Patchbay',
    icon: opts.icon,
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click opens links in new windows, around the window-open handler below.
      disableBlinkFeatures: 'Auxclick'
    }
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to vendor help pages open in the system browser, never inside Patchbay.
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOurUrl(url)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.on('close', (event) => {
    if (opts.keepInTray()) {
      event.preventDefault()
      win.hide()
    }
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(rendererUrl())
  return win
}
