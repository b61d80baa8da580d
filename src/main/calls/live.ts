/**
 * The latest progress of each running sync, so a window opened mid-run shows the bar
 * where it is instead of waiting for the next event.
 */
import type { Progress } from '../../shared/domain'
import type { PatchbayService } from '../service'

/** Progress of runs in progress, by sync. */
export class LiveRuns {
  private readonly latest = new Map<string, Progress>()

  constructor(service: PatchbayService) {
    service.on('run-started', (run) => this.latest.delete(run.syncId))
    service.on('run-progress', (e) => this.latest.set(e.syncId, e.progress))
    service.on('run-finished', (run) => this.latest.delete(run.syncId))
  }

  /** The last progress reported by the sync's run in progress. */
  progress(syncId: string): Progress | undefined {
    return this.latest.get(syncId)
  }
}
