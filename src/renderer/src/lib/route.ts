/** Views are addressed by the part of the URL after `#`, so Back and reload work in both front ends. */

/** Which view is open, with its parameters. */
export type Route =
  | { view: 'overview' }
  | { view: 'conflicts'; syncId?: string }
  | { view: 'logs'; syncId?: string; runId?: string }
  | { view: 'records'; key?: string }
  | { view: 'syncs' }
  | { view: 'sync'; id: string; tab: 'history' | 'failures' | 'settings' | 'edit'; focus?: 'deletes' }
  | { view: 'new-sync'; template?: string }
  | { view: 'run'; id: string }
  | { view: 'connections' }
  | { view: 'settings' }

/** Reads a route from `location.hash`; anything unknown is the overview. */
export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?')
  const q = new URLSearchParams(query)
  const opt = (k: string) => q.get(k) ?? undefined
  const [a, b, c] = path.split('/').map((p) => decodeURIComponent(p))
  switch (a) {
    case 'conflicts':
      return { view: 'conflicts', syncId: opt('sync') }
    case 'logs':
      return { view: 'logs', syncId: opt('sync'), runId: opt('run') }
    case 'records':
      return { view: 'records', key: opt('key') }
    case 'syncs':
      if (b === 'new') return { view: 'new-sync', template: opt('template') }
      if (b) return { view: 'sync', id: b, tab: c === 'failures' || c === 'settings' || c === 'edit' ? c : 'history', ...(opt('focus') === 'deletes' ? { focus: 'deletes' as const } : {}) }
      return { view: 'syncs' }
    case 'runs':
      return b ? { view: 'run', id: b } : { view: 'syncs' }
    case 'connections':
      return { view: 'connections' }
    case 'settings':
      return { view: 'settings' }
    default:
      return { view: 'overview' }
  }
}

/** The `#…` address of a route. */
export function href(r: Route): string {
  const qs = (o: Record<string, string | undefined>) => {
    const p = new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined))
    const s = p.toString()
    return s ? `?${s}` : ''
  }
  const e = encodeURIComponent
  switch (r.view) {
    case 'overview':
      return '#/overview'
    case 'conflicts':
      return `#/conflicts${qs({ sync: r.syncId })}`
    case 'logs':
      return `#/logs${qs({ sync: r.syncId, run: r.runId })}`
    case 'records':
      return `#/records${qs({ key: r.key })}`
    case 'syncs':
      return '#/syncs'
    case 'sync':
      return `#/syncs/${e(r.id)}${r.tab === 'history' ? '' : `/${r.tab}`}${qs({ focus: r.focus })}`
    case 'new-sync':
      return `#/syncs/new${qs({ template: r.template })}`
    case 'run':
      return `#/runs/${e(r.id)}`
    case 'connections':
      return '#/connections'
    case 'settings':
      return '#/settings'
  }
}

/** Opens a route. */
export function go(r: Route): void {
  window.location.hash = href(r)
}
