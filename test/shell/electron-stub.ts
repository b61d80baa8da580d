/**
 * A stand-in for the `electron` module (Electron cannot start on this machine). It records
 * what the shell registers so tests can call the real handlers with forged events.
 */
export const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>()

export const ipcMain = {
  handle(channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) {
    if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    handlers.set(channel, fn)
  }
}

/** Electron's theme source as the OS would apply it: `system` follows `osDark`. */
export const nativeTheme = {
  themeSource: 'system' as 'system' | 'light' | 'dark',
  osDark: false,
  get shouldUseDarkColors(): boolean {
    return this.themeSource === 'dark' || (this.themeSource === 'system' && this.osDark)
  }
}

// Imported by the window module; the tests here never open a window.
export class BrowserWindow {}
export const session = {}
export const shell = {}
