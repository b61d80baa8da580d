/**
 * Connecting a system, or connecting it again, through the one sign-in flow whatever its
 * auth kind (DESIGN.md §8), in the catalogue's words:
 * - a key or a file: the vendor's steps, the inputs, and "Connect and test"; nothing is
 *   kept unless the test passes (on a reconnect, the old key stays until then);
 * - a browser sign-in (OAuth 2 + PKCE): open the vendor's page; Patchbay hears back by itself;
 * - the owner's own app keys (QuickBooks): the wizard's steps, the keys, then paste back
 *   the address the browser landed on.
 */
import { useState } from 'react'
import type { ConnectWizard, SystemInfo } from '../../../shared/contract'
import { useFilePeek, useSettingsSecrets } from '../components/SettingsSecrets'
import { signInCancel, signInFinish, signInStart } from '../store/actions'
import { useStore } from '../store/store'

type Step = ConnectWizard['steps'][number]
type Input = NonNullable<Step['inputs']>[number]
type Result = { ok: boolean; message: string; accountName?: string }

/** A connection being connected again. */
export interface Reconnect {
  id: string
  label: string
  settings: Record<string, unknown>
}

function StepText({ step }: { step: Step }) {
  return (
    <>
      <h3>{step.title}</h3>
      {step.body.map((p, i) => <p key={i}>{p}</p>)}
    </>
  )
}

function Field({ input, value, onChange, keeps }: { input: Input; value: string; onChange: (v: string) => void; keeps?: boolean }) {
  return (
    <label className="field">
      <span>{input.label}</span>
      {input.choices ? (
        <select className="input" value={value || input.choices[0]?.value} onChange={(e) => onChange(e.target.value)} data-testid={`wizard-input-${input.name}`}>
          {input.choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
      ) : (
        <input
          className="input"
          type={input.secret ? 'password' : 'text'}
          autoComplete="off"
          spellCheck={false}
          placeholder={keeps ? 'Leave empty to keep the one you have' : input.placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`wizard-input-${input.name}`}
        />
      )}
      {input.help && <small className="muted">{input.help}</small>}
      {input.secret && <small className="muted">Kept in this computer’s keychain, never in Patchbay’s files or logs.</small>}
    </label>
  )
}

/** Splits what was typed into settings and keychain secrets, by the inputs' own `secret` flag. */
function split(inputs: readonly Input[], values: Record<string, string>): { settings: Record<string, string>; secrets: Record<string, string> } {
  const settings: Record<string, string> = {}
  const secrets: Record<string, string> = {}
  for (const i of inputs) {
    const v = (values[i.name] ?? (i.choices ? i.choices[0]?.value : undefined))?.trim()
    if (v) (i.secret ? secrets : settings)[i.name] = v
  }
  return { settings, secrets }
}

/** The wizard for a new connection to `system`, or to connect `reconnect` again. */
export function ConnectionWizard({ system, reconnect, onDone, onBack }: { system: SystemInfo; reconnect?: Reconnect; onDone: () => void; onBack?: () => void }) {
  const headless = useStore((s) => s.info?.mode === 'headless')
  const busy = useStore((s) => s.busy)
  const wizard = system.wizard
  const step = (id: string) => wizard?.steps.find((s) => s.id === id)
  const [label, setLabel] = useState(system.label)
  const initial = Object.fromEntries(Object.entries(reconnect?.settings ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>
  const [values, setValues] = useState<Record<string, string>>(initial)
  const [started, setStarted] = useState<{ connectionId: string; signInUrl: string } | undefined>()
  const [result, setResult] = useState<Result | undefined>()
  const set = (name: string) => (v: string) => setValues((old) => ({ ...old, [name]: v }))
  const connectionId = started?.connectionId ?? reconnect?.id
  const title = reconnect ? `Reconnect ${reconnect.label}` : (wizard?.title ?? `Connect ${system.label}`)
  const cancel = (
    <button type="button" className="btn btn-ghost" onClick={onBack ?? onDone}>{onBack ? 'Back' : 'Cancel'}</button>
  )

  // A file connection: what is at the typed path, and its header for the key column.
  const fileForm = system.inputs.some((i) => i.name === 'file') && system.inputs.some((i) => i.name === 'keyColumn')
  const peek = useFilePeek(fileForm ? values.file : undefined)
  const fromSettings = useSettingsSecrets(system, Object.fromEntries(system.inputs.filter((i) => !i.secret).map((i) => [i.name, values[i.name] ?? ''])))

  // The key column shown preselected from the header counts as chosen.
  const keyChosen = fileForm && peek?.ok && peek.columns.length > 0 && !values.keyColumn ? { ...values, keyColumn: peek.likelyKey ?? peek.columns[0] } : values

  const startSignIn = async (typed: Record<string, string> = {}, inputs: readonly Input[] = []) => {
    const { settings, secrets } = split(inputs, typed)
    const r = await signInStart(reconnect ? { connectionId: reconnect.id, settings, secrets } : { system: system.system, label, settings, secrets })
    if (!r) return
    // A file's test says how Patchbay read it (encoding, separator): show it, so a wrong guess is seen and can be corrected.
    if (r.step === 'done' && system.authKind === 'none' && r.test) return setResult(r.test)
    if (r.step === 'done') return onDone()
    // Keys are in the keychain now; the form never shows them again.
    setValues({})
    setStarted({ connectionId: r.connectionId, signInUrl: r.signInUrl! })
    if (!headless) window.open(r.signInUrl, '_blank', 'noopener,noreferrer')
    // A browser sign-in comes back to Patchbay by itself: wait for it.
    if (r.step === 'browser') setResult(await signInFinish(r.connectionId))
  }
  const finish = async (fields: Record<string, string>) => {
    if (connectionId) setResult(await signInFinish(connectionId, fields))
  }

  const nameField = !reconnect && (
    <label className="field">
      <span>Name it</span>
      <input className="input" value={label} onChange={(e) => setLabel(e.target.value)} required data-testid="wizard-label" />
    </label>
  )
  const done = result?.ok && (
    <div data-testid="wizard-step-done">
      <p className="test-result tone-text-ok" role="status" data-testid="wizard-result">✓ Connected{result.accountName ? ` to ${result.accountName}` : ''}. {result.message}</p>
      {step('done') && <p>{step('done')!.body[0]}</p>}
      <button className="btn btn-primary" onClick={onDone}>Done</button>
    </div>
  )

  // A key, a user name and password, or a file: one form, tested before it is kept.
  if (system.authKind === 'api-key' || system.authKind === 'basic' || system.authKind === 'none') {
    return (
      <section className="panel wizard" aria-labelledby="wizard-title" data-testid="connection-wizard">
        <h2 id="wizard-title">{title}</h2>
        {system.instructions.length > 0 && (
          <ol className="steps">
            {system.instructions.map((s, i) => <li key={i}>{s}</li>)}
          </ol>
        )}
        {system.helpUrl && <p className="small"><a href={system.helpUrl} target="_blank" rel="noreferrer noopener">{system.label}’s help page</a></p>}
        {result?.ok && (
          <>
            {done}
            {system.inputs.some((i) => i.name === 'encoding') && <p className="small muted" data-testid="wizard-file-detected">If that is not how the file is saved, press Change on its card below and type its encoding or separator.</p>}
          </>
        )}
        {!result?.ok && <form className="form" onSubmit={(e) => { e.preventDefault(); void startSignIn(keyChosen, [...system.inputs, ...fromSettings.inputs]) }}>
          {nameField}
          {system.inputs.map((i) =>
            fileForm && i.name === 'keyColumn' && peek?.ok && peek.columns.length > 0 ? (
              <label className="field" key={i.name}>
                <span>{i.label}</span>
                <select className="input" value={values.keyColumn || peek.likelyKey || peek.columns[0]} onChange={(e) => set('keyColumn')(e.target.value)} data-testid="wizard-input-keyColumn">
                  {peek.columns.map((c) => (
                    <option key={c} value={c}>{c}</option>
                  ))}
                </select>
                <small className="muted">The key column tells the rows apart, so Patchbay knows which row is which on every run: an id, a reference number or an email that never repeats.</small>
              </label>
            ) : (
              <div key={i.name}>
                <Field input={i} value={values[i.name] ?? ''} onChange={set(i.name)} keeps={!!reconnect && i.secret} />
                {fileForm && i.name === 'file' && peek && (
                  <p className={`small ${peek.ok ? 'muted' : 'problem'}`} role="status" data-testid="wizard-file-peek">{peek.message}</p>
                )}
              </div>
            )
          )}
          {/* A described API's own keys, named in its description file. */}
          {fromSettings.inputs.map((i) => <Field key={i.name} input={i} value={values[i.name] ?? ''} onChange={set(i.name)} keeps={!!reconnect && i.secret} />)}
          {fromSettings.problem && <p className="problem small" role="status" data-testid="wizard-settings-problem">{fromSettings.problem}</p>}
          <div className="actions">
            <button className="btn btn-primary" disabled={busy['sign-in:start'] || (!reconnect && !label.trim())} data-testid="wizard-start">
              {busy['sign-in:start'] ? 'Testing…' : reconnect ? 'Test and save' : 'Connect and test'}
            </button>
            {cancel}
          </div>
          <p className="small muted">Patchbay tests the connection first and keeps nothing unless it works.</p>
        </form>}
      </section>
    )
  }

  // A browser sign-in: the vendor's page comes back to Patchbay on this computer.
  if (system.authKind === 'oauth2-pkce-loopback') {
    return (
      <section className="panel wizard" aria-labelledby="wizard-title" data-testid="connection-wizard">
        <h2 id="wizard-title">{title}</h2>
        {system.instructions.length > 0 && (
          <ol className="steps">
            {system.instructions.map((s, i) => <li key={i}>{s}</li>)}
          </ol>
        )}
        {!started && !result?.ok && (
          <form className="form" onSubmit={(e) => { e.preventDefault(); void startSignIn() }}>
            {nameField}
            <div className="actions">
              <button className="btn btn-primary" disabled={busy['sign-in:start'] || (!reconnect && !label.trim())} data-testid="wizard-start">Sign in to {system.label}</button>
              {cancel}
            </div>
          </form>
        )}
        {started && !result && busy['sign-in:finish'] && (
          <div data-testid="wizard-step-waiting">
            <p>Finish signing in to {system.label} in your browser. Patchbay hears back by itself; this page updates when you are done.</p>
            <p className="signin-link"><a className="btn" href={started.signInUrl} target="_blank" rel="noreferrer noopener" data-testid="wizard-signin-link">Open the sign-in page{headless ? '' : ' again'}</a></p>
            {headless && <p className="small muted">Patchbay runs without a window here, so it cannot open your browser. Open this address on this computer: <code className="url" data-testid="wizard-signin-url">{started.signInUrl}</code></p>}
            <button type="button" className="btn btn-ghost" onClick={() => void signInCancel(started.connectionId)} data-testid="wizard-cancel">Stop waiting</button>
          </div>
        )}
        {started && !result && !busy['sign-in:finish'] && (
          <div className="actions" data-testid="wizard-step-ended">
            <p className="small muted">The sign-in did not finish. Start again when you are ready.</p>
            <button className="btn btn-primary" onClick={() => setStarted(undefined)}>Start again</button>
            {cancel}
          </div>
        )}
        {done}
      </section>
    )
  }

  // The owner's own app keys (QuickBooks): the wizard's steps, the keys, then the pasted address.
  const keys = step('keys')
  const signIn = step('sign-in')
  const advanced = step('done')?.inputs ?? []
  const pasteInput = signIn?.inputs?.[0]
  return (
    <section className="panel wizard" aria-labelledby="wizard-title" data-testid="connection-wizard">
      <h2 id="wizard-title">{title}</h2>
      {wizard && (
        <div className="callout" data-testid="wizard-why">
          <strong>Why your own app?</strong> {wizard.intro}
        </div>
      )}
      {!reconnect && (
        <ol className="wizard-steps">
          {wizard?.steps.filter((s) => !s.inputs?.length).map((s) => (
            <li key={s.id} data-testid={`wizard-step-${s.id}`}>
              <StepText step={s} />
              {s.opens && <p><a className="btn btn-small" href={s.opens.url} target="_blank" rel="noreferrer noopener">{s.opens.label}</a></p>}
            </li>
          ))}
        </ol>
      )}
      {!reconnect && keys && !started && (
        <form className="form" data-testid="wizard-step-keys" onSubmit={(e) => { e.preventDefault(); void startSignIn(values, keys.inputs) }}>
          <StepText step={keys} />
          {nameField}
          {keys.inputs?.map((i) => <Field key={i.name} input={i} value={values[i.name] ?? ''} onChange={set(i.name)} />)}
          <div className="actions">
            <button className="btn btn-primary" disabled={busy['sign-in:start'] || !label.trim() || (keys.inputs ?? []).some((i) => i.secret && !values[i.name]?.trim())} data-testid="wizard-start">
              {busy['sign-in:start'] ? 'Saving…' : 'Save the keys and open the sign-in'}
            </button>
            {cancel}
          </div>
        </form>
      )}
      {reconnect && !started && (
        <div data-testid="wizard-step-reconnect">
          <p>Your app keys are still in the keychain. Sign in again to give Patchbay a new token.</p>
          <div className="actions">
            <button className="btn btn-primary" disabled={busy['sign-in:start']} onClick={() => void startSignIn()} data-testid="wizard-start">Open the sign-in</button>
            {cancel}
          </div>
        </div>
      )}
      {started && signIn && !result?.ok && (
        <form className="form" data-testid="wizard-step-sign-in" onSubmit={(e) => { e.preventDefault(); void finish({ pastedAddress: values.pastedAddress ?? '' }) }}>
          <StepText step={signIn} />
          <p className="signin-link">
            <a className="btn" href={started.signInUrl} target="_blank" rel="noreferrer noopener" data-testid="wizard-signin-link">Open the sign-in{headless ? '' : ' again'}</a>
          </p>
          {headless && (
            <p className="small muted">
              Patchbay runs without a window here, so it cannot open your browser. Open the link above, or copy this address: <code className="url" data-testid="wizard-signin-url">{started.signInUrl}</code>
            </p>
          )}
          {pasteInput && <Field input={pasteInput} value={values[pasteInput.name] ?? ''} onChange={set(pasteInput.name)} />}
          {result && !result.ok && <p className="test-result tone-text-failing" role="status" data-testid="wizard-result">✕ {result.message}</p>}
          {pasteInput ? (
            <div className="actions">
              <button className="btn btn-primary" disabled={busy['sign-in:finish'] || !values.pastedAddress?.trim()} data-testid="wizard-finish">
                {busy['sign-in:finish'] ? 'Connecting…' : 'Finish connecting'}
              </button>
              <button type="button" className="btn btn-ghost" onClick={onDone}>Later</button>
            </div>
          ) : busy['sign-in:finish'] ? (
            // The sign-in comes back to Patchbay by itself (a loopback address): nothing to paste, only to wait.
            <div className="actions" data-testid="wizard-step-waiting">
              <p className="small">Finish signing in in your browser. Patchbay hears back by itself; this page updates when you are done.</p>
              <button type="button" className="btn btn-ghost" onClick={() => void signInCancel(started.connectionId)} data-testid="wizard-cancel">Stop waiting</button>
            </div>
          ) : (
            <div className="actions" data-testid="wizard-step-ended">
              <p className="small muted">The sign-in did not finish. Start again when you are ready.</p>
              <button type="button" className="btn btn-primary" onClick={() => setStarted(undefined)}>Start again</button>
              <button type="button" className="btn btn-ghost" onClick={onDone}>Later</button>
            </div>
          )}
          {advanced.length > 0 && (
            <details className="advanced">
              <summary>Advanced: paste a refresh token instead</summary>
              <p className="small">{step('done')?.body[1]}</p>
              {advanced.map((i) => <Field key={i.name} input={i} value={values[i.name] ?? ''} onChange={set(i.name)} />)}
              <button type="button" className="btn btn-small" disabled={advanced.some((i) => !values[i.name]?.trim())} onClick={() => void finish(Object.fromEntries(advanced.map((i) => [i.name, values[i.name]!.trim()])))}>
                Connect with the refresh token
              </button>
            </details>
          )}
        </form>
      )}
      {done}
    </section>
  )
}
