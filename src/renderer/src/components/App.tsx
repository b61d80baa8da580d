/** The window: navigation on the left, the open view on the right, messages on top. */
import { useState, type ReactNode } from 'react'
import { STATE_RANK } from '../lib/format'
import { useFocusHeading } from '../lib/focus-heading'
import { href, type Route } from '../lib/route'
import { useStore } from '../store/store'
import { Conflicts } from '../views/Conflicts'
import { Connections } from '../views/Connections'
import { Logs } from '../views/Logs'
import { NewSync } from '../views/NewSync'
import { Overview } from '../views/Overview'
import { Records } from '../views/Records'
import { RunDetail } from '../views/RunDetail'
import { Settings } from '../views/Settings'
import { SyncDetail } from '../views/SyncDetail'
import { Syncs } from '../views/Syncs'
import { CoreBanner } from './CoreBanner'
import { ErrorBoundary } from './ErrorBoundary'
import { NotifyOffer } from './NotifyOffer'
import { Toasts } from './Toasts'

const NAV: { route: Route; label: string; match: Route['view'][] }[] = [
  { route: { view: 'overview' }, label: 'Overview', match: ['overview'] },
  { route: { view: 'conflicts' }, label: 'Conflicts', match: ['conflicts'] },
  { route: { view: 'syncs' }, label: 'Syncs', match: ['syncs', 'sync', 'new-sync', 'run'] },
  { route: { view: 'connections' }, label: 'Connections', match: ['connections'] },
  { route: { view: 'records' }, label: 'Find a record', match: ['records'] },
  { route: { view: 'logs' }, label: 'Logs', match: ['logs'] },
  { route: { view: 'settings' }, label: 'Settings', match: ['settings'] }
]

function view(route: Route): [string, ReactNode] {
  switch (route.view) {
    case 'overview':
      return ['Overview', <Overview />]
    case 'conflicts':
      return ['Conflicts', <Conflicts syncId={route.syncId} />]
    case 'records':
      return ['Find a record', <Records recordKey={route.key} />]
    case 'logs':
      return ['Logs', <Logs syncId={route.syncId} runId={route.runId} />]
    case 'syncs':
      return ['Syncs', <Syncs />]
    case 'sync':
      return ['Sync', <SyncDetail id={route.id} tab={route.tab} focus={route.focus} />]
    case 'new-sync':
      return ['New sync', <NewSync template={route.template} />]
    case 'run':
      return ['Run', <RunDetail id={route.id} />]
    case 'connections':
      return ['Connections', <Connections />]
    case 'settings':
      return ['Settings', <Settings />]
  }
}

/** The whole window. */
export function App() {
  const route = useStore((s) => s.route)
  const conflicts = useStore((s) => s.conflicts.length)
  const troubled = useStore((s) => s.cards.filter((c) => STATE_RANK[c.state] >= STATE_RANK.partial).length)
  const demo = useStore((s) => s.info?.demo)
  const demoNotice = useStore((s) => s.info?.demoNotice)
  const repairs = useStore((s) => s.info?.repairs)
  const [repairsSeen, setRepairsSeen] = useState(false)
  const [name, content] = view(route)
  // A sync's tabs are one view: switching tabs keeps focus on the tab.
  useFocusHeading(route.view === 'sync' ? `sync:${route.id}${route.tab === 'edit' ? ':edit' : ''}` : route.view === 'run' ? `run:${route.id}` : route.view)
  const count: Partial<Record<Route['view'], number>> = { conflicts, syncs: troubled }
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Patchbay</span>
        </div>
        <ul>
          {NAV.map((n) => {
            const active = n.match.includes(route.view)
            const c = count[n.route.view]
            return (
              <li key={n.label}>
                <a href={href(n.route)} className={active ? 'active' : ''} aria-current={active ? 'page' : undefined} data-testid={`nav-${n.route.view}`}>
                  <span>{n.label}</span>
                  {c ? <span className={`nav-count ${n.route.view === 'conflicts' ? 'tone-conflicts' : 'tone-failing'}`} aria-label={`${c} waiting`}>{c}</span> : null}
                </a>
              </li>
            )
          })}
        </ul>
        {demo && (
          <p className="demo-note" data-testid="demo-note">
            <strong>Demo workspace.</strong> Stand-ins for HubSpot, Mailchimp, Stripe and QuickBooks run inside Patchbay; edits happen every few seconds so you can watch.
          </p>
        )}
      </nav>
      <div className="main-col">
        <CoreBanner />
        <NotifyOffer />
        {demoNotice && (
          <div className="core-banner" role="status" data-testid="demo-notice">
            <span>{demoNotice}</span>
          </div>
        )}
        {repairs && repairs.length > 0 && !repairsSeen && (
          // A damaged file was moved aside and a backup used when Patchbay opened the data folder: said once, in full.
          <div className="core-banner" role="alert" data-testid="repairs-notice">
            <div>
              <strong>Patchbay found damaged files in its data folder and repaired them.</strong>
              {repairs.map((r) => (
                <p key={r}>{r}</p>
              ))}
            </div>
            <button type="button" className="btn btn-small" onClick={() => setRepairsSeen(true)} data-testid="repairs-dismiss">
              OK
            </button>
          </div>
        )}
        <main id="main" tabIndex={-1}>
          <ErrorBoundary name={name}>{content}</ErrorBoundary>
        </main>
      </div>
      <Toasts />
    </div>
  )
}
