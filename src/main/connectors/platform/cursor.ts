/**
 * One JSON cursor codec for every connector. A cursor is what the engine stores between
 * runs to resume a change feed; each connector describes its shape with a zod schema and
 * gets `encode`/`decode` with one answer to one fault.
 *
 * The fault — a stored cursor Patchbay cannot read — is a ConfigError, not an
 * ApiChangedError (Mailchimp used to throw that; Stripe threw ConfigError). The cursor
 * never came from the vendor: it is Patchbay's own stored state, so "the vendor's API
 * changed" would send the owner looking in the wrong place and raise an alert nobody can
 * act on. A ConfigError refuses to start and says what to do (reset the sync's position),
 * which is exactly what the owner can do about damaged local state. Connectors for which a
 * full scan is always safe (HubSpot) use `decodeOrNull` and rescan instead.
 */
import type { ZodType } from 'zod'
import { ConfigError } from '../../errors'

/** Encodes and decodes one connector's cursor. */
export interface CursorCodec<C> {
  encode(cursor: C): string
  /** The stored cursor; throws a ConfigError when it is not one this codec wrote. */
  decode(text: string, connectionId?: string): C
  /** The stored cursor, or null (start over with a full scan) when it is not one this codec wrote. */
  decodeOrNull(text: string | null): C | null
}

/**
 * A codec for cursors of shape `schema`, stored as `prefix` + JSON.
 * @param label the system's name for messages ("Mailchimp")
 * @param prefix text before the JSON, marking whose cursor it is. @default ''
 */
export function cursorCodec<C>(label: string, schema: ZodType<C>, prefix = ''): CursorCodec<C> {
  function tryDecode(text: string | null): C | null {
    if (text === null || !text.startsWith(prefix)) return null
    let raw: unknown
    try {
      raw = JSON.parse(text.slice(prefix.length))
    } catch {
      return null
    }
    const parsed = schema.safeParse(raw)
    return parsed.success ? parsed.data : null
  }
  return {
    encode: (cursor) => prefix + JSON.stringify(cursor),
    decode(text, connectionId) {
      const cursor = tryDecode(text)
      if (cursor === null) {
        throw new ConfigError(`The stored ${label} position is not one Patchbay wrote`, {
          connectionId,
          hint: 'Reset the sync to read everything again.'
        })
      }
      return cursor
    },
    decodeOrNull: tryDecode
  }
}
