/**
 * Crash points for kill tests: counts a point before and after every write call of the
 * given adapters and after every link commit, and SIGKILLs this very process at point
 * `crashAt` (0 never kills). `count()` tells how many points a whole run passed.
 */
import type { ObjectAdapter } from '../../src/main/connectors/types'
import type { SyncState } from '../../src/main/engine/state'

/** Arms crash points on `adapters` and `state`. */
export function armCrashPoints(crashAt: number, adapters: ObjectAdapter[], state: SyncState): { count: () => number } {
  let points = 0
  const point = () => {
    if (++points === crashAt) process.kill(process.pid, 'SIGKILL')
  }
  for (const a of adapters) {
    const write = a.write.bind(a)
    a.write = async (items) => {
      point()
      const out = await write(items)
      point()
      return out
    }
  }
  const commit = state.commitLinks.bind(state)
  state.commitLinks = async (c) => {
    await commit(c)
    point()
  }
  return { count: () => points }
}
