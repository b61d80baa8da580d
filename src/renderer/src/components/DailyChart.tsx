/**
 * Records synced and errors per day: bars against a scale with its values, and on hover or
 * keyboard focus a day's figures with each sync's share. Every figure is also in the
 * accessible names, so nothing is only in the picture.
 */
import { useState } from 'react'
import type { DailyStat } from '../../../shared/contract'
import { chartTicks, plural } from '../lib/format'

const W = 560
const H = 170
const PAD = { top: 16, bottom: 26, left: 40, right: 8 }

const short = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n))
const dayName = (date: string, last: boolean) => (last ? 'Today' : new Date(`${date}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short' }))
const longDay = (date: string) => new Date(`${date}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' })

/** A day in words, for the tooltip and screen readers. */
function dayWords(d: DailyStat): string {
  return `${longDay(d.date)}: ${plural(d.synced, 'record')} synced, ${plural(d.errors, 'error')}, ${plural(d.runs, 'run')}`
}

/** The chart of the last days; `names` turns sync ids into their names for the per-sync figures. */
export function DailyChart({ days, names = {} }: { days: DailyStat[]; names?: Record<string, string> }) {
  const [shown, setShown] = useState<number | null>(null)
  const ticks = chartTicks(Math.max(0, ...days.map((d) => d.synced + d.errors)))
  const top = ticks[ticks.length - 1]
  const band = (W - PAD.left - PAD.right) / Math.max(1, days.length)
  const bar = Math.min(34, band * 0.56)
  const base = H - PAD.bottom
  const y = (v: number) => ((base - PAD.top) * v) / top
  const total = days.reduce((a, d) => a + d.synced, 0)
  const errors = days.reduce((a, d) => a + d.errors, 0)
  const day = shown === null ? undefined : days[shown]
  return (
    <figure className="chart" data-testid="daily-chart" onMouseLeave={() => setShown(null)}>
      <svg viewBox={`0 0 ${W} ${H}`} role="group" aria-label={`Last ${plural(days.length, 'day')}: ${plural(total, 'record')} synced, ${plural(errors, 'error')}`}>
        {ticks.map((t) => (
          <g key={t} className="chart-tick" data-testid="chart-tick">
            <line x1={PAD.left} x2={W - PAD.right} y1={base - y(t)} y2={base - y(t)} className={t === 0 ? 'chart-axis' : 'chart-grid'} />
            <text x={PAD.left - 6} y={base - y(t) + 4} className="chart-label" textAnchor="end">
              {short(t)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + band * i + (band - bar) / 2
          const hs = y(d.synced)
          const he = y(d.errors)
          const last = i === days.length - 1
          return (
            <g
              key={d.date}
              className={`chart-day${shown === i ? ' is-shown' : ''}`}
              tabIndex={0}
              role="img"
              aria-label={dayWords(d)}
              data-testid="chart-day"
              onMouseEnter={() => setShown(i)}
              onFocus={() => setShown(i)}
              onBlur={() => setShown((s) => (s === i ? null : s))}
            >
              <rect x={PAD.left + band * i} y={PAD.top} width={band} height={base - PAD.top} className="chart-hit" />
              {d.synced + d.errors === 0 && <rect x={x} y={base - 2} width={bar} height={2} rx={1} className="chart-none" />}
              {hs > 0 && <rect x={x} y={base - hs} width={bar} height={Math.max(hs, 2)} rx={3} className="chart-synced" />}
              {he > 0 && <rect x={x} y={base - hs - Math.max(he, 3) - (hs > 0 ? 2 : 0)} width={bar} height={Math.max(he, 3)} rx={2} className="chart-errors" />}
              <text x={x + bar / 2} y={H - 8} className="chart-label" textAnchor="middle">
                {dayName(d.date, last)}
              </text>
            </g>
          )
        })}
      </svg>
      {day && shown !== null && (
        <div className="chart-tip" role="status" data-testid="chart-tip" style={{ left: `${((PAD.left + band * (shown + 0.5)) / W) * 100}%` }}>
          <strong>{longDay(day.date)}</strong>
          <span>
            {plural(day.synced, 'record')} synced · {plural(day.errors, 'error')} · {plural(day.runs, 'run')}
          </span>
          {Object.keys(day.bySync).length > 0 && (
            <ul>
              {Object.entries(day.bySync)
                .sort((a, b) => b[1] - a[1])
                .slice(0, 5)
                .map(([id, n]) => (
                  <li key={id}>
                    {names[id] ?? id}: {n}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
      <figcaption className="chart-legend">
        <span><i className="swatch swatch-synced" aria-hidden="true" />Records synced</span>
        <span><i className="swatch swatch-errors" aria-hidden="true" />Errors</span>
        <span className="muted">Point at a day for its figures.</span>
      </figcaption>
    </figure>
  )
}

/** One sync's records moved per day, as small bars with the figures in its name. */
export function SyncSpark({ days, syncId }: { days: DailyStat[]; syncId: string }) {
  const values = days.map((d) => d.bySync[syncId] ?? 0)
  const max = Math.max(1, ...values)
  const w = 84
  const h = 22
  const band = w / Math.max(1, values.length)
  const words = days.map((d, i) => `${dayName(d.date, i === days.length - 1)} ${values[i]}`).join(', ')
  return (
    <svg className="spark" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={`Records moved per day: ${words}`} data-testid="sync-spark">
      <title>{`Records moved per day: ${words}`}</title>
      {values.map((v, i) => (
        <rect key={days[i].date} x={band * i + 1} y={h - Math.max(1, (h * v) / max)} width={band - 2} height={Math.max(1, (h * v) / max)} rx={1} className={v ? 'spark-bar' : 'spark-none'} />
      ))}
    </svg>
  )
}
