/**
 * A Mailchimp connection's settings and API key, checked once when the connection opens
 * so a typo stops the sync with a message naming the setting, not half-way through.
 *
 * The data centre comes from the key itself: a Mailchimp API key ends in `-us21` (or
 * another `usNN`), and that account's API lives at `https://us21.api.mailchimp.com/3.0`
 * (mailchimp.com/developer/marketing/docs/fundamentals/#api-structure).
 */
import { z } from 'zod'
import type { Connection } from '../../../shared/domain'
import { AuthError, ConfigError } from '../../errors'

/** A Mailchimp connection's settings after checking. */
export interface MailchimpSettings {
  /** API root, ending in `/3.0`. */
  baseUrl: string
  /** The audience (list) synced when the object is just `members`. */
  listId?: string
  /**
   * Members per page when listing (Mailchimp's `count`, at most 1000).
   * @default 1000
   */
  pageSize: number
  /**
   * Status given to a member Patchbay adds (`status_if_new`). Only the people who
   * agreed to hear from you belong in `subscribed`; `transactional` gets receipts only.
   * @default 'subscribed'
   */
  statusIfNew: 'subscribed' | 'pending' | 'transactional' | 'unsubscribed'
  /**
   * Report `cleaned` members (addresses that bounced for good) as deleted records, like
   * archived ones. Whether a delete then reaches the other system is the sync's `deletes`.
   * @default true
   */
  cleanedAsDeleted: boolean
}

const settingsSchema = z.object({
  listId: z.string().regex(/^[a-z0-9]{5,20}$/i, 'use the audience id from Audience settings, such as "a1b2c3d4e5"').optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  pageSize: z.number().int().min(1).max(1000).optional(),
  statusIfNew: z.enum(['subscribed', 'pending', 'transactional', 'unsubscribed']).optional(),
  cleanedAsDeleted: z.boolean().optional()
})

/** The data centre a key belongs to (`abc…-us21` → `us21`), or undefined for a key without one. */
export function dataCentreOf(apiKey: string): string | undefined {
  // Today every data centre is usNN; two letters and a number leaves room for others.
  return /-([a-z]{2}\d{1,3})$/.exec(apiKey.trim())?.[1]
}

/** Checks settings and key; throws ConfigError for a bad setting and AuthError for a key that cannot be right. */
export function readMailchimpSettings(connection: Pick<Connection, 'id' | 'settings'>, apiKey: string | undefined): MailchimpSettings {
  const meta = { connectionId: connection.id }
  const parsed = settingsSchema.safeParse(connection.settings ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue.path.join('.') || 'settings'
    throw new ConfigError(`The Mailchimp connection's setting "${where}" is wrong: ${issue.message}`, { ...meta, hint: 'Fix it in the connection settings.' })
  }
  const s = parsed.data
  let baseUrl = s.baseUrl?.replace(/\/+$/, '')
  if (!baseUrl) {
    if (!apiKey) throw new AuthError('No API key is stored for Mailchimp', { ...meta, hint: 'Reconnect Mailchimp in Connections and paste the API key.' })
    const dc = dataCentreOf(apiKey)
    if (!dc) {
      throw new AuthError('The Mailchimp API key does not end in a data centre such as "-us21"', {
        ...meta,
        hint: 'Copy the whole key from Mailchimp (Profile → Extras → API keys) and reconnect Mailchimp in Connections.'
      })
    }
    baseUrl = `https://${dc}.api.mailchimp.com/3.0`
  }
  return {
    baseUrl,
    listId: s.listId,
    pageSize: s.pageSize ?? 1000,
    statusIfNew: s.statusIfNew ?? 'subscribed',
    cleanedAsDeleted: s.cleanedAsDeleted ?? true
  }
}

/** The audience an object name points at: `members` uses the connection's `listId`, `members:<id>` names its own. */
export function listIdFor(object: string, settings: MailchimpSettings, connectionId?: string): string {
  const m = /^members(?::([a-z0-9]{5,20}))?$/i.exec(object)
  if (!m) {
    throw new ConfigError(`Mailchimp has no object "${object}"`, { connectionId, hint: 'Use "members" (the audience in the connection settings) or "members:<audience id>".' })
  }
  const listId = m[1] ?? settings.listId
  if (!listId) {
    throw new ConfigError('The Mailchimp connection does not say which audience to sync', {
      connectionId,
      hint: 'Set "listId" in the connection settings (Audience → Settings → Audience name and defaults → Audience ID), or use the object "members:<audience id>".'
    })
  }
  return listId
}
