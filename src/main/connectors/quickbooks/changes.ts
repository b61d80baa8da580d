/**
 * What changed in QuickBooks since a cursor. The first run (and any run more than 29
 * days after the last: Change Data Capture looks back 30) reads every entity with the
 * query endpoint, page by page: a complete feed. Later runs ask Change Data Capture,
 * which also reports deleted transactions. One CDC answer holds at most 1,000 objects
 * for all entities together; when it is full, each entity is read again with a
 * `LastUpdatedTime` query instead, so no change is lost (only deletes in that window
 * wait for the next full read).
 *
 * The cursor is the server's own `time` of the first answer, so the laptop's clock
 * never matters and a change made while we read is read again next time.
 */
import type { QboEntity, QuickBooksApi } from './api'
import { quote, selectPages } from './query'
import { QBO_THROTTLES } from './vendor'

/** A page of changed entities of one type. */
export interface EntityChanges {
  entity: string
  entities: QboEntity[]
}

/** The changes of a set of entity types. */
export interface QboChangeFeed {
  complete: boolean
  pages: AsyncIterable<EntityChanges>
  /** The cursor to store once every page is committed (known after the last page). */
  cursor(): string | null
}

const DAY = 86_400_000

/** Reads the `since` time out of a stored cursor; null when there is none or it is too old for CDC. */
export function usableSince(cursor: string | null, now: number = Date.now()): string | null {
  if (!cursor) return null
  try {
    const { since } = JSON.parse(cursor) as { since?: string }
    if (!since || Number.isNaN(Date.parse(since))) return null
    return now - Date.parse(since) < (QBO_THROTTLES.cdcLookbackDays - 1) * DAY ? since : null
  } catch {
    return null
  }
}

/** Changes of `entities` since `cursor`; `cdcEntities` are those CDC covers, the rest are read whole. */
export function readChanges(api: QuickBooksApi, entities: string[], cursor: string | null, cdcEntities: Set<string> = new Set(entities)): QboChangeFeed {
  const since = usableSince(cursor)
  let time: string | undefined
  const started = new Date().toISOString()
  const note = (t: string | undefined) => {
    time ??= t
  }
  async function* full(list: string[]): AsyncGenerator<EntityChanges> {
    for (const entity of list) {
      for await (const page of selectPages(api, entity)) {
        note(page.time)
        yield { entity, entities: page.entities }
      }
    }
  }
  async function* incremental(from: string): AsyncGenerator<EntityChanges> {
    const viaCdc = entities.filter((e) => cdcEntities.has(e))
    if (viaCdc.length) {
      const { byEntity, time: t } = await api.cdc(viaCdc, from)
      note(t)
      // The 1,000-object cap is shared by every entity asked for: a full answer may hide any of them.
      const total = [...byEntity.values()].reduce((n, list) => n + list.length, 0)
      for (const entity of viaCdc) {
        if (total < QBO_THROTTLES.cdcMaxObjects) {
          yield { entity, entities: byEntity.get(entity) ?? [] }
          continue
        }
        for await (const page of selectPages(api, entity, `MetaData.LastUpdatedTime >= ${quote(from)}`)) yield { entity, entities: page.entities }
      }
    }
    yield* full(entities.filter((e) => !cdcEntities.has(e)))
  }
  const whole = since === null || entities.every((e) => !cdcEntities.has(e))
  return {
    complete: whole,
    pages: since === null ? full(entities) : incremental(since),
    cursor: () => JSON.stringify({ since: time ?? started })
  }
}
