/**
 * Alerts in a browser tab (`patchbay serve`), where there is no tray: the core decides them
 * by the tray's rules (told once, digests, "recovered") and pushes them; this turns each into
 * the browser's own notification, once the owner has allowed it, and keeps a count of the
 * syncs that need the owner in the tab's title ("(2) Patchbay").
 */
import type { PushedAlert } from '../../../shared/contract'
import { alertHref } from './alert-words'

const ASKED_KEY = 'patchbay.notifications.asked'

/** What the page can do about notifications now. */
export type NotifyState = 'unsupported' | 'ask' | 'on' | 'blocked' | 'declined'

/** Whether to offer "Turn on notifications": never twice once the owner said "Not now". */
export function notifyState(storage: Pick<Storage, 'getItem'> = window.localStorage): NotifyState {
  if (typeof Notification === 'undefined') return 'unsupported'
  if (Notification.permission === 'granted') return 'on'
  if (Notification.permission === 'denied') return 'blocked'
  return storage.getItem(ASKED_KEY) === 'no' ? 'declined' : 'ask'
}

/** Asks the browser (it shows its own prompt) and remembers a "no" so the page does not ask again. */
export async function askForNotifications(storage: Pick<Storage, 'setItem'> = window.localStorage): Promise<NotifyState> {
  if (typeof Notification === 'undefined') return 'unsupported'
  const answer = await Notification.requestPermission()
  if (answer !== 'granted') storage.setItem(ASKED_KEY, 'no')
  return answer === 'granted' ? 'on' : answer === 'denied' ? 'blocked' : 'declined'
}

/** "Not now": the offer goes away in this browser. */
export function declineNotifications(storage: Pick<Storage, 'setItem'> = window.localStorage): void {
  storage.setItem(ASKED_KEY, 'no')
}

/** Shows one alert as a browser notification; clicking it brings the tab forward on the alert's view. */
export function showAlert(alert: PushedAlert): Notification | undefined {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return undefined
  // One notification per subject: a newer alert about the same sync replaces the older one.
  const n = new Notification(alert.title, { body: alert.body, tag: `${alert.target.view}:${alert.target.id ?? ''}` })
  n.onclick = () => {
    window.focus()
    window.location.hash = alertHref(alert)
    n.close()
  }
  return n
}
