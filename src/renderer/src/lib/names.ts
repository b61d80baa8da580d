/** Connection names for a sync's two sides, and the arrow for its direction. */
import type { Direction, Sync } from '../../../shared/domain'
import { useStore } from '../store/store'

/** The labels of a sync's left and right connections (their ids until the list has loaded). */
export function useSides(sync: Sync | undefined): { left: string; right: string } {
  const connections = useStore((s) => s.connections)
  const label = (id: string | undefined) => connections.find((c) => c.connection.id === id)?.connection.label ?? id ?? ''
  return { left: label(sync?.left.connectionId), right: label(sync?.right.connectionId) }
}

/** → ← ⇄ */
export function arrow(d: Direction): string {
  return d === 'both' ? '⇄' : d === 'left-to-right' ? '→' : '←'
}

/** The core's messages name connections by id ("create 42 in crm"); people know them by their names. */
export function withConnectionLabels(msg: string, labels: Record<string, string>): string {
  return msg.replace(/ in ([a-z0-9][a-z0-9-]*)(?=$|:)/, (m, id: string) => (labels[id] ? ` in ${labels[id]}` : m))
}
