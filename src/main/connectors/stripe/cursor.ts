/**
 * The cursors a Stripe object stores between runs, as opaque strings. Event-fed objects
 * remember the newest event read (`after`) and when it happened; balance transactions,
 * which have no events, remember the newest `created` second and the ids already read in it.
 */
import { z } from 'zod'
import { cursorCodec } from '../platform'

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

/** The toolkit's codec: plain JSON, and a cursor Patchbay did not write is a ConfigError (reset the sync). */
const codec = cursorCodec('Stripe', z.discriminatedUnion('kind', [eventsCursor, createdCursor]))

/** The cursor as the engine stores it. */
export const encodeCursor = (c: StripeCursor): string => codec.encode(c)

/** Reads a stored cursor; a cursor from something else is damaged local state, not a reason to rescan quietly. */
export const decodeCursor = (raw: string, connectionId?: string): StripeCursor => codec.decode(raw, connectionId)
