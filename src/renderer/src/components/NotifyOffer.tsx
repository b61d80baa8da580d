/**
 * In a browser tab there is no tray: the owner is offered, once and with the reason, the
 * browser's notifications for the alerts the tray would give. "Not now" is remembered.
 */
import { useState } from 'react'
import { patchbay } from '../api'
import { askForNotifications, declineNotifications, notifyState, type NotifyState } from '../lib/notify'

export function NotifyOffer() {
  const [state, setState] = useState<NotifyState>(() => (patchbay().inBrowser ? notifyState() : 'unsupported'))
  if (state !== 'ask') return null
  return (
    <div className="offer-banner" role="region" aria-label="Notifications" data-testid="notify-offer">
      <span>
        <strong>Get told when a sync breaks.</strong> Patchbay is running in this browser tab, so it can only reach you through your browser&apos;s notifications — even while
        the tab is in the background. It tells you once per problem, and again when it is fixed.
      </span>
      <span className="offer-actions">
        <button type="button" className="btn btn-small btn-primary" data-testid="notify-on" onClick={() => void askForNotifications().then(setState)}>
          Turn on notifications
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-testid="notify-not-now"
          onClick={() => {
            declineNotifications()
            setState('declined')
          }}
        >
          Not now
        </button>
      </span>
    </div>
  )
}
