/**
 * Writes through the batch endpoint: operations are cut into calls of at most
 * `batchItems`, each call gets a fresh `requestid` (reused only by the toolkit's retries
 * of that same call, so a dropped connection cannot apply it twice), and every answer is
 * paired back with its operation by `bId`. Per-item faults come back as data.
 */
import { randomUUID } from 'node:crypto'
import { ApiChangedError } from '../../errors'
import type { BatchAnswer, BatchItem, QboEntity, QuickBooksApi } from './api'

/** One operation to send. */
export interface BatchOp {
  operation: 'create' | 'update' | 'delete'
  entity: string
  body: QboEntity
}

/** Counters for benchmarks and health. */
export interface BatchStats {
  calls: number
  items: number
}

/**
 * Sends `ops` in as few batch calls as allowed, at once (the batch limiter paces them);
 * answers come back in the order of `ops`. Operations of different calls must not depend
 * on each other: QuickBooks may apply the calls in any order.
 */
export async function sendBatches(api: QuickBooksApi, ops: BatchOp[], stats?: BatchStats): Promise<BatchAnswer[]> {
  const size = api.settings.batchItems
  const chunks: BatchOp[][] = []
  for (let i = 0; i < ops.length; i += size) chunks.push(ops.slice(i, i + size))
  // Calls go out together; the batch limiter decides when each may leave.
  const answered = await Promise.all(
    chunks.map(async (chunk) => {
      // bIds are short because Intuit allows only 10 characters once a requestid is sent.
      const items: BatchItem[] = chunk.map((op, j) => ({ bId: String(j), operation: op.operation, entity: op.entity, body: op.body }))
      const answers = await api.batch(items, randomUUID())
      if (stats) {
        stats.calls++
        stats.items += chunk.length
      }
      const byId = new Map(answers.map((a) => [a.bId, a]))
      return items.map((item) => {
        const answer = byId.get(item.bId)
        if (!answer) throw new ApiChangedError(`QuickBooks' batch answer lacks item ${item.bId}`, answers)
        return answer
      })
    })
  )
  return answered.flat()
}
