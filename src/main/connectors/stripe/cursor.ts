/**
 * The cursors a Stripe object stores between runs, as opaque strings. Event-fed objects
 * remember the newest event read (`after`) and when it happened; balance transactions,
 * which have no events, remember the newest `created` second and the ids already read in it.
 */
import { z } from 'zod'
import { ConfigError } from '../../errors'

const eventsCursor = z.object({
  v: z.literal(1),
  kind: z.literal('events'),
  /** Newest event already read; the next read starts just after it. */
  after: z.string().nullable(),
  /** Stripe time (unix seconds) of `after`, or of the full scan when no event existed yet. */
  at: z.int()
})

const createdCursor = z.object({
  v: z.literal(1),
  kind: z.literal('created'),
  /** Read again from this second on (Stripe time, unix seconds). */
  since: z.int(),
  /** Ids from `since` on that were already read, so they are not read twice. */
  seen: z.array(z.string())
})

export type EventsCursor = z.infer<typeof eventsCursor>
export type CreatedCursor = z.infer<typeof createdCursor>
export type StripeCursor = EventsCursor | CreatedCursor

const anyCursor = z.discriminatedUnion('kind', [eventsCursor, createdCursor])

/** The cursor as the engine stores it. */
export function encodeCursor(c: StripeCursor): string {
  return JSON.stringify(c)
}

/** Reads a stored cursor; a cursor from something else is a bug, not a reason to rescan quietly. */
export function decodeCursor(raw: string): StripeCursor {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    value = undefined
  }
  const parsed = anyCursor.safeParse(value)
  if (!parsed.success) throw new ConfigError('The stored Stripe cursor is not one Patchbay wrote', { hint: 'Reset the sync\'s cursor to read everything again.' })
  return parsed.data
}
