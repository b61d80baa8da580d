/**
 * Light or dark: the owner's choice in Settings, or the computer's when it is 'system'. The
 * choice is marked on `<html data-theme>`, which the stylesheet reads; it is remembered in
 * this browser too, so the page opens in the right colours before the settings arrive.
 */
import type { AppSettings } from '../../../shared/contract'
import { store } from '../store/store'

type Choice = AppSettings['theme']
const REMEMBERED = 'patchbay-theme'

function remembered(): Choice {
  try {
    const v = localStorage.getItem(REMEMBERED)
    return v === 'light' || v === 'dark' ? v : 'system'
  } catch {
    return 'system'
  }
}

/** Marks the page light or dark for a choice; 'system' follows the computer's setting. */
export function applyTheme(choice: Choice): void {
  const dark = choice === 'dark' || (choice === 'system' && matchMedia('(prefers-color-scheme: dark)').matches)
  document.documentElement.dataset.theme = dark ? 'dark' : 'light'
  document.documentElement.dataset.themeChoice = choice
  try {
    localStorage.setItem(REMEMBERED, choice)
  } catch {
    // A browser that keeps nothing opens in the computer's colours until the settings arrive.
  }
}

/** Applies the remembered choice now, then follows the settings and the computer's own light/dark switch. */
export function startTheme(): void {
  let choice = remembered()
  applyTheme(choice)
  store.subscribe((s) => {
    const next = s.settings?.theme
    if (next && next !== choice) applyTheme((choice = next))
  })
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyTheme(choice))
}
