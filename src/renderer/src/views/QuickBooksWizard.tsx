/**
 * The QuickBooks connection wizard, in the connector's own words (QUICKBOOKS_WIZARD, served
 * with the systems list): the business's own Intuit app keys go to the keychain, the
 * sign-in opens in the system browser, the person pastes back the address they landed
 * on, and Patchbay finishes and tests the connection. `reconnect` starts at the sign-in.
 */
import { useState } from 'react'
import type { ConnectWizard } from '../../../shared/contract'
import { quickbooksFinish, quickbooksStart } from '../store/actions'
import { useStore } from '../store/store'

type Step = ConnectWizard['steps'][number]

function StepText({ step }: { step: Step }) {
  return (
    <>
      <h3>{step.title}</h3>
      {step.body.map((p, i) => <p key={i}>{p}</p>)}
    </>
  )
}

/** The wizard for a new QuickBooks connection, or to sign in again to `reconnect`. */
export function QuickBooksWizard({ wizard, reconnect, onDone }: { wizard: ConnectWizard; reconnect?: { id: string; label: string }; onDone: () => void }) {
  const headless = useStore((s) => s.info?.mode === 'headless')
  const busy = useStore((s) => s.busy)
  const step = (id: string) => wizard.steps.find((s) => s.id === id)
  const [label, setLabel] = useState('QuickBooks Online')
  const [clientId, setClientId] = useState('')
  const [clientSecret, setClientSecret] = useState('')
  const [environment, setEnvironment] = useState<'production' | 'sandbox'>('production')
  const [started, setStarted] = useState<{ connectionId: string; signInUrl: string } | undefined>()
  const [pasted, setPasted] = useState('')
  const [refreshToken, setRefreshToken] = useState('')
  const [realmId, setRealmId] = useState('')
  const [result, setResult] = useState<{ ok: boolean; message: string; accountName?: string } | undefined>()
  const connectionId = started?.connectionId ?? reconnect?.id

  const start = async () => {
    const r = await quickbooksStart(reconnect ? { connectionId: reconnect.id } : { label, clientId, clientSecret, environment })
    if (!r) return
    // The keys are in the keychain now; the form never shows them again.
    setClientId('')
    setClientSecret('')
    setStarted(r)
    if (!headless) window.open(r.signInUrl, '_blank', 'noopener,noreferrer')
  }
  const finish = async (input: { pastedAddress?: string; refreshToken?: string; realmId?: string }) => {
    if (!connectionId) return
    const r = await quickbooksFinish({ connectionId, ...input })
    if (r) setResult(r)
  }

  const keys = step('keys')
  const signIn = step('sign-in')
  const done = step('done')
  return (
    <section className="panel wizard" aria-labelledby="qbo-title" data-testid="quickbooks-wizard">
      <h2 id="qbo-title">{reconnect ? `Reconnect ${reconnect.label}` : wizard.title}</h2>
      <div className="callout" data-testid="wizard-why">
        <strong>Why your own Intuit app?</strong> {wizard.intro}
      </div>
      {!reconnect && (
        <ol className="wizard-steps">
          {wizard.steps.filter((s) => s.id === 'create-app' || s.id === 'redirect').map((s) => (
            <li key={s.id} data-testid={`wizard-step-${s.id}`}>
              <StepText step={s} />
              {s.opens && <p><a className="btn btn-small" href={s.opens.url} target="_blank" rel="noreferrer noopener">{s.opens.label}</a></p>}
            </li>
          ))}
        </ol>
      )}
      {!reconnect && keys && !started && (
        <form className="form" data-testid="wizard-step-keys" onSubmit={(e) => { e.preventDefault(); void start() }}>
          <StepText step={keys} />
          <label className="field">
            <span>Name it</span>
            <input className="input" value={label} onChange={(e) => setLabel(e.target.value)} required data-testid="wizard-label" />
          </label>
          <label className="field">
            <span>Client ID</span>
            <input className="input" type="password" autoComplete="off" spellCheck={false} value={clientId} onChange={(e) => setClientId(e.target.value)} required data-testid="wizard-client-id" />
          </label>
          <label className="field">
            <span>Client Secret</span>
            <input className="input" type="password" autoComplete="off" spellCheck={false} value={clientSecret} onChange={(e) => setClientSecret(e.target.value)} required data-testid="wizard-client-secret" />
            <small className="muted">Both go to this computer’s keychain, never to Patchbay’s files or logs, and are not shown again.</small>
          </label>
          <label className="field">
            <span>Company</span>
            <select className="input" value={environment} onChange={(e) => setEnvironment(e.target.value as 'production' | 'sandbox')} data-testid="wizard-environment">
              <option value="production">My real books (production keys)</option>
              <option value="sandbox">An Intuit test company (development keys)</option>
            </select>
          </label>
          <div className="actions">
            <button className="btn btn-primary" disabled={busy['quickbooks:start'] || !label.trim() || !clientId.trim() || !clientSecret.trim()} data-testid="wizard-start">
              {busy['quickbooks:start'] ? 'Saving…' : 'Save the keys and open Intuit’s sign-in'}
            </button>
            <button type="button" className="btn btn-ghost" onClick={onDone}>Cancel</button>
          </div>
        </form>
      )}
      {reconnect && !started && signIn && (
        <div data-testid="wizard-step-reconnect">
          <p>Your Intuit app keys are still in the keychain. Sign in again to give Patchbay a new token.</p>
          <div className="actions">
            <button className="btn btn-primary" disabled={busy['quickbooks:start']} onClick={() => void start()} data-testid="wizard-start">Open Intuit’s sign-in</button>
            <button type="button" className="btn btn-ghost" onClick={onDone}>Cancel</button>
          </div>
        </div>
      )}
      {started && signIn && !result?.ok && (
        <form className="form" data-testid="wizard-step-sign-in" onSubmit={(e) => { e.preventDefault(); void finish({ pastedAddress: pasted }) }}>
          <StepText step={signIn} />
          <p className="signin-link">
            <a className="btn" href={started.signInUrl} target="_blank" rel="noreferrer noopener" data-testid="wizard-signin-link">Open Intuit’s sign-in{headless ? '' : ' again'}</a>
          </p>
          {headless && (
            <p className="small muted">
              Patchbay runs without a window here, so it cannot open your browser. Open the link above, or copy this address: <code className="url" data-testid="wizard-signin-url">{started.signInUrl}</code>
            </p>
          )}
          <label className="field">
            <span>{signIn.inputs?.[0]?.label ?? 'Address of the page you landed on'}</span>
            <input className="input" autoComplete="off" spellCheck={false} placeholder={signIn.inputs?.[0]?.placeholder} value={pasted} onChange={(e) => setPasted(e.target.value)} data-testid="wizard-pasted" />
          </label>
          {result && !result.ok && <p className="test-result tone-text-failing" role="status" data-testid="wizard-result">✕ {result.message}</p>}
          <div className="actions">
            <button className="btn btn-primary" disabled={busy['quickbooks:finish'] || !pasted.trim()} data-testid="wizard-finish">
              {busy['quickbooks:finish'] ? 'Connecting…' : 'Finish connecting'}
            </button>
            <button type="button" className="btn btn-ghost" onClick={onDone}>Later</button>
          </div>
          {done && (
            <details className="advanced">
              <summary>Advanced: paste a refresh token instead</summary>
              <p className="small">{done.body[1]}</p>
              <label className="field">
                <span>Refresh token</span>
                <input className="input" type="password" autoComplete="off" value={refreshToken} onChange={(e) => setRefreshToken(e.target.value)} />
              </label>
              <label className="field">
                <span>Company id</span>
                <input className="input" inputMode="numeric" value={realmId} onChange={(e) => setRealmId(e.target.value)} placeholder="9130357766412345" />
              </label>
              <button type="button" className="btn btn-small" disabled={!refreshToken.trim() || !realmId.trim()} onClick={() => void finish({ refreshToken: refreshToken.trim(), realmId: realmId.trim() })}>Connect with the refresh token</button>
            </details>
          )}
        </form>
      )}
      {result?.ok && done && (
        <div data-testid="wizard-step-done">
          <p className="test-result tone-text-ok" role="status" data-testid="wizard-result">✓ Connected{result.accountName ? ` to ${result.accountName}` : ''}. {result.message}</p>
          <p>{done.body[0]}</p>
          <button className="btn btn-primary" onClick={onDone}>Done</button>
        </div>
      )}
    </section>
  )
}
