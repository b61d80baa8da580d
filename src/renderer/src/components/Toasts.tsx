/** Messages in the corner; read out by screen readers as they appear, and kept while the pointer or focus is on one. */
import { dismissToast, holdToast, releaseToast, useStore } from '../store/store'

export function Toasts() {
  const toasts = useStore((s) => s.toasts)
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.kind}`}
          role={t.kind === 'error' ? 'alert' : 'status'}
          data-testid={`toast-${t.kind}`}
          onMouseEnter={() => holdToast(t.id)}
          onMouseLeave={() => releaseToast(t.id)}
          onFocus={() => holdToast(t.id)}
          onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && releaseToast(t.id)}
        >
          <div className="toast-text">
            <strong>{t.title}</strong>
            {t.body && <span>{t.body}</span>}
          </div>
          <div className="toast-actions">
            {t.button && (
              <button
                className="btn btn-small"
                onClick={() => {
                  dismissToast(t.id)
                  t.button!.run()
                }}
                data-testid={t.button.testId}
              >
                {t.button.label}
              </button>
            )}
            {t.action && (
              <a className="btn btn-small" href={t.action.href} onClick={() => dismissToast(t.id)}>
                {t.action.label}
              </a>
            )}
            <button className="icon-btn" aria-label="Close message" onClick={() => dismissToast(t.id)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  )
}
