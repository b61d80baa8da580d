/** Records synced and errors per day, as small bars with the numbers available to screen readers. */
import type { DailyStat } from '../../../shared/contract'
import { plural } from '../lib/format'

const W = 560
const H = 150
const PAD = { top: 24, bottom: 26, left: 8, right: 8 }

/** The chart of the last days. */
export function DailyChart({ days }: { days: DailyStat[] }) {
  const max = Math.max(1, ...days.map((d) => d.synced + d.errors))
  const band = (W - PAD.left - PAD.right) / Math.max(1, days.length)
  const bar = Math.min(34, band * 0.56)
  const y = (v: number) => ((H - PAD.top - PAD.bottom) * v) / max
  const label = (date: string) => new Date(`${date}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short' })
  const total = days.reduce((a, d) => a + d.synced, 0)
  const errors = days.reduce((a, d) => a + d.errors, 0)
  return (
    <figure className="chart" data-testid="daily-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Last ${plural(days.length, 'day')}: ${plural(total, 'record')} synced, ${plural(errors, 'error')}`}>
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="chart-axis" />
        {days.map((d, i) => {
          const x = PAD.left + band * i + (band - bar) / 2
          const hs = y(d.synced)
          const he = y(d.errors)
          const base = H - PAD.bottom
          return (
            <g key={d.date}>
              <title>{`${d.date}: ${d.synced} synced, ${plural(d.errors, 'error')}, ${plural(d.runs, 'run')}`}</title>
              {d.synced + d.errors === 0 && <rect x={x} y={base - 2} width={bar} height={2} rx={1} className="chart-none" />}
              {hs > 0 && <rect x={x} y={base - hs} width={bar} height={Math.max(hs, 2)} rx={3} className="chart-synced" />}
              {he > 0 && <rect x={x} y={base - hs - Math.max(he, 3) - (hs > 0 ? 2 : 0)} width={bar} height={Math.max(he, 3)} rx={2} className="chart-errors" />}
              {d.synced > 0 && (
                <text x={x + bar / 2} y={base - hs - (he > 0 ? Math.max(he, 3) + 6 : 4)} className="chart-value" textAnchor="middle">
                  {d.synced >= 1000 ? `${(d.synced / 1000).toFixed(1)}k` : d.synced}
                </text>
              )}
              <text x={x + bar / 2} y={H - 8} className="chart-label" textAnchor="middle">
                {i === days.length - 1 ? 'Today' : label(d.date)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption className="chart-legend">
        <span><i className="swatch swatch-synced" aria-hidden="true" />Records synced</span>
        <span><i className="swatch swatch-errors" aria-hidden="true" />Errors</span>
      </figcaption>
    </figure>
  )
}
