/** App-wide settings: time zone, notifications, start at login, how many syncs run at once; and where the data is. */
import { useEffect, useMemo, useState } from 'react'
import type { AppSettings } from '../../../shared/contract'
import { saveSettings } from '../store/actions'
import { useStore } from '../store/store'

/** The Settings view. */
export function Settings() {
  const settings = useStore((s) => s.settings)
  const info = useStore((s) => s.info)
  const busy = useStore((s) => !!s.busy.settings)
  const [draft, setDraft] = useState<AppSettings | undefined>(settings)
  useEffect(() => setDraft(settings), [settings])
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), [])
  if (!draft) return <p className="loading">Loading…</p>
  const changed = JSON.stringify(draft) !== JSON.stringify(settings)
  const headless = info?.mode === 'headless'
  return (
    <div className="view" data-testid="settings">
      <h1>Settings</h1>
      <form className="form narrow" onSubmit={(e) => { e.preventDefault(); void saveSettings(draft) }}>
        <section className="panel">
          <label className="field">
            <span>Time zone</span>
            <select className="input" value={draft.timeZone} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })} data-testid="time-zone">
              {(zones.includes(draft.timeZone) ? zones : [draft.timeZone, ...zones]).map((z) => <option key={z} value={z}>{z}</option>)}
            </select>
            <small className="muted">Schedules that do not name their own zone run in this one, and the overview’s days follow it.</small>
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.notifications} onChange={(e) => setDraft({ ...draft, notifications: e.target.checked })} />
            Tell me when a sync starts failing, a connection needs reconnecting or conflicts wait
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.startAtLogin} disabled={headless} onChange={(e) => setDraft({ ...draft, startAtLogin: e.target.checked })} />
            Start Patchbay when I log in{headless ? ' (desktop app only)' : ''}
          </label>
          <label className="field">
            <span>Syncs that may run at the same time</span>
            <input className="input input-num" type="number" min={1} max={16} value={draft.maxConcurrentRuns} onChange={(e) => setDraft({ ...draft, maxConcurrentRuns: Math.min(16, Math.max(1, Number(e.target.value) || 1)) })} />
            <small className="muted">More is faster but works your computer and the vendors’ limits harder. 2 suits most laptops.</small>
          </label>
          <div className="actions">
            <button className="btn btn-primary" disabled={!changed || busy}>{busy ? 'Saving…' : 'Save'}</button>
            {changed && <button type="button" className="btn btn-ghost" onClick={() => setDraft(settings)}>Undo changes</button>}
          </div>
        </section>
      </form>
      {info && (
        <section className="panel narrow" aria-labelledby="about">
          <h2 id="about">About this Patchbay</h2>
          <dl className="kv">
            <div><dt>Data folder</dt><dd className="mono" data-testid="data-folder">{info.dataFolder}</dd></div>
            {info.demoFolder && <div><dt>Demo sample files</dt><dd className="mono">{info.demoFolder}</dd></div>}
            <div><dt>Running as</dt><dd>{info.mode === 'headless' ? 'a background service, opened in your browser' : 'the desktop app'}</dd></div>
            <div><dt>Version</dt><dd>{info.version}</dd></div>
          </dl>
        </section>
      )}
    </div>
  )
}
