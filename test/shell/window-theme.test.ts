/** The desktop window's frame follows the theme setting, so a dark app never sits under a light title bar. */
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('./electron-stub'))

const { nativeTheme } = await import('./electron-stub')
const { applyTheme, WINDOW_BACKGROUND } = await import('../../src/main/shell/window')

describe('the window’s theme', () => {
  it('sets Electron’s theme source from the setting, and paints the window in the matching background', () => {
    const painted: string[] = []
    const win = { setBackgroundColor: (c: string) => void painted.push(c) }
    nativeTheme.osDark = false
    expect(applyTheme('dark', win)).toBe(WINDOW_BACKGROUND.dark)
    expect(nativeTheme.themeSource).toBe('dark')
    expect(applyTheme('light', win)).toBe(WINDOW_BACKGROUND.light)
    expect(nativeTheme.themeSource).toBe('light')
    // "System" follows the OS: dark here.
    nativeTheme.osDark = true
    expect(applyTheme('system', win)).toBe(WINDOW_BACKGROUND.dark)
    expect(painted).toEqual([WINDOW_BACKGROUND.dark, WINDOW_BACKGROUND.light, WINDOW_BACKGROUND.dark])
  })

  it('uses the page’s own background colours, so nothing flashes as it opens', async () => {
    const { readFile } = await import('node:fs/promises')
    const css = await readFile(new URL('../../src/renderer/src/styles.css', import.meta.url), 'utf8')
    const bgs = [...css.matchAll(/--bg:\s*(#[0-9a-f]{6})/gi)].map((m) => m[1].toLowerCase())
    expect(bgs).toContain(WINDOW_BACKGROUND.light)
    expect(bgs).toContain(WINDOW_BACKGROUND.dark)
  })
})
