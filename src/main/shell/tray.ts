/**
 * The tray: an icon that shows the worst state (ok, warning, failing, syncing) and a
 * menu of syncs with their state and next run, Run all now, Pause all, Open, Quit.
 */
import { Menu, Tray, nativeImage } from 'electron'
import { join } from 'node:path'
import type { SyncCard } from '../../shared/contract'
import { STATE_WORDS } from '../../shared/state-words'
import { count } from '../health/words'

/** What the tray icon shows. */
export type TrayState = 'ok' | 'warning' | 'failing' | 'syncing'

/** Picks the tray state from the sync cards: failing beats warning beats syncing beats ok. */
export function trayStateOf(cards: readonly SyncCard[]): TrayState {
  if (cards.some((c) => c.lastRun?.status === 'failed')) return 'failing'
  if (cards.some((c) => c.openConflicts > 0 || c.openFailures > 0 || c.lastRun?.status === 'partial')) return 'warning'
  if (cards.some((c) => c.running)) return 'syncing'
  return 'ok'
}

/** A menu label for one sync: its state in the app's words, with what waits counted ("Deletes need your OK (20 deletes held, 2 failures)"). */
export function syncMenuLabel(c: SyncCard): string {
  const state = c.running ? STATE_WORDS.running : c.state === 'ok' && !c.lastRun ? 'Not run yet' : STATE_WORDS[c.state]
  const held = c.waitingDeletes?.items.length ?? 0
  const waiting = [held ? `${count(held, 'delete')} held` : '', c.openConflicts ? count(c.openConflicts, 'conflict') : '', c.openFailures ? count(c.openFailures, 'failure') : ''].filter(Boolean)
  return `${c.sync.name} — ${state}${waiting.length ? ` (${waiting.join(', ')})` : ''} · next: ${c.nextRun}`
}

/** Actions the tray menu triggers. */
export interface TrayActions {
  open(view?: string): void
  runAll(): void
  pauseAll(): void
  quit(): void
}

/** Creates the tray; call `update` whenever health changes. */
export function createTray(resources: string, actions: TrayActions): { update(cards: readonly SyncCard[], paused: boolean, state?: TrayState): void } {
  const icon = (s: TrayState) => nativeImage.createFromPath(join(resources, `tray-${s}.png`))
  const tray = new Tray(icon('ok'))
  tray.setToolTip('Patchbay')
  tray.on('click', () => actions.open())
  return {
    update(cards, paused, worst) {
      const state = worst ?? trayStateOf(cards)
      tray.setImage(icon(state))
      tray.setToolTip(`Patchbay — ${state === 'ok' ? 'all syncs healthy' : state}`)
      tray.setContextMenu(
        Menu.buildFromTemplate([
          ...cards.map((c) => ({ label: syncMenuLabel(c), click: () => actions.open(`syncs/${c.sync.id}`) })),
          ...(cards.length ? [{ type: 'separator' as const }] : []),
          { label: 'Run all now', click: actions.runAll },
          { label: paused ? 'Resume all' : 'Pause all', click: actions.pauseAll },
          { label: 'Open Patchbay', click: () => actions.open() },
          { type: 'separator' as const },
          { label: 'Quit', click: actions.quit }
        ])
      )
    }
  }
}
