/**
 * The shape of `runs.json`. `Run` is a plain interface in src/shared/domain.ts; this
 * schema checks the file against it, and test/store/runs.test.ts fails to compile if
 * the two drift apart.
 */
import { z } from 'zod'

/** The file format version this code writes. */
export const RUNS_VERSION = 1

const countSchema = z.number().int().min(0)

/** One run, as stored. */
export const runSchema = z.object({
  id: z.string().min(1),
  syncId: z.string().min(1),
  trigger: z.enum(['manual', 'schedule', 'watch', 'catch-up', 'retry', 'cli']),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(['running', 'ok', 'partial', 'failed', 'cancelled']),
  dryRun: z.boolean(),
  counts: z.object({
    read: countSchema,
    created: countSchema,
    updated: countSchema,
    deleted: countSchema,
    unchanged: countSchema,
    conflicts: countSchema,
    failed: countSchema
  }),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional(), connectionId: z.string().optional() }).optional(),
  undoOf: z.string().optional(),
  heldDeletes: countSchema.optional()
})

/** Everything in `runs.json`, oldest run first. */
export const runsFileSchema = z.object({ runs: z.array(runSchema) })
export type RunsFile = z.infer<typeof runsFileSchema>
