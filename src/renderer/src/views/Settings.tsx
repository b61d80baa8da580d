/** App-wide settings: light or dark, time zone, notifications, start at login, how many syncs run at once; and where the data is. */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { AppSettings } from '../../../shared/contract'
import { saveSettings } from '../store/actions'
import { useStore } from '../store/store'

const THEMES: { value: AppSettings['theme']; label: string; said: string }[] = [
  { value: 'system', label: 'Same as this computer', said: 'Colours like this computer’s' },
  { value: 'light', label: 'Light', said: 'Light colours' },
  { value: 'dark', label: 'Dark', said: 'Dark colours' }
]

/** The Settings view. */
export function Settings() {
  const settings = useStore((s) => s.settings)
  const info = useStore((s) => s.info)
  const busy = useStore((s) => !!s.busy.settings)
  const [draft, setDraft] = useState<AppSettings | undefined>(settings)
  // Settings saved elsewhere (the theme, right away; another window) replace only the fields not being edited here.
  const seen = useRef(settings)
  useEffect(() => {
    const before = seen.current
    seen.current = settings
    setDraft((d) => (d && before && settings ? (Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, JSON.stringify(d[k as keyof AppSettings]) === JSON.stringify(before[k as keyof AppSettings]) ? v : d[k as keyof AppSettings]])) as unknown as AppSettings) : settings))
  }, [settings])
  // The theme picked and being saved, shown checked until the saved settings arrive.
  const [picked, setPicked] = useState<AppSettings['theme']>()
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), [])
  if (!draft) return <p className="loading">Loading…</p>
  const changed = JSON.stringify(draft) !== JSON.stringify(settings)
  const headless = info?.mode === 'headless'
  return (
    <div className="view" data-testid="settings">
      <h1>Settings</h1>
      <section className="panel narrow" aria-labelledby="look">
        <h2 id="look">Light or dark</h2>
        <fieldset className="choices" data-testid="theme">
          <legend className="sr-only">Colours of this window</legend>
          {THEMES.map((t) => (
            <label key={t.value} className="check">
              <input
                type="radio"
                name="theme"
                value={t.value}
                checked={(picked ?? settings?.theme) === t.value}
                onChange={() => {
                  setPicked(t.value)
                  void saveSettings({ theme: t.value }, `${t.said} saved`).finally(() => setPicked(undefined))
                }}
                data-testid={`theme-${t.value}`}
              />
              {t.label}
            </label>
          ))}
        </fieldset>
      </section>
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
