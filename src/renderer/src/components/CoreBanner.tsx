/** Shown while the core does not answer; it keeps trying by itself and says when. */
import { reconnect } from '../store/events'
import { useStore } from '../store/store'

export function CoreBanner() {
  const core = useStore((s) => s.core)
  const now = useStore((s) => s.now)
  if (core.status !== 'unreachable') return null
  const secs = core.retryAt ? Math.max(0, Math.ceil((core.retryAt - now) / 1000)) : 0
  return (
    <div className="core-banner" role="alert" data-testid="core-banner">
      <span>
        <strong>{core.message ? 'This page cannot reach Patchbay.' : 'Patchbay is not answering.'}</strong> {core.message ?? 'What you see may be out of date.'}{' '}
        {secs > 0 ? `Trying again in ${secs} s…` : 'Trying again…'}
      </span>
      <button className="btn btn-small" onClick={() => void reconnect()}>Try now</button>
    </div>
  )
}
