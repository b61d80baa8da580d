/**
 * A Mailchimp connection's settings and API key, checked once when the connection opens
 * (the toolkit turns a wrong setting into a ConfigError naming it).
 *
 * The data centre comes from the key itself: a Mailchimp API key ends in `-us21` (or
 * another `usNN`), and that account's API lives at `https://us21.api.mailchimp.com/3.0`
 * (mailchimp.com/developer/marketing/docs/fundamentals/#api-structure).
 */
import { z } from 'zod'
import type { Connection } from '../../../shared/domain'
import { AuthError, ConfigError } from '../../errors'
import { readSettings } from '../platform'

/** The settings as stored, with defaults applied. */
export const mailchimpSettingsSchema = z.object({
  /** The audience (list) synced when the object is just `members`. */
  listId: z.string().regex(/^[a-z0-9]{5,20}$/i, 'use the audience id from Audience settings, such as "a1b2c3d4e5"').optional(),
  /** API root, ending in `/3.0`; taken from the key's data centre when absent (tests and the demo set it). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Members per page when listing (Mailchimp's `count`, at most 1000). @default 1000 */
  pageSize: z.number().int().min(1).max(1000).default(1000),
  /**
   * Status given to a member Patchbay adds (`status_if_new`). Only the people who
   * agreed to hear from you belong in `subscribed`; `transactional` gets receipts only.
   * @default 'subscribed'
   */
  statusIfNew: z.enum(['subscribed', 'pending', 'transactional', 'unsubscribed']).default('subscribed'),
  /**
   * Report `cleaned` members (addresses that bounced for good) as deleted records, like
   * archived ones. Whether a delete then reaches the other system is the sync's `deletes`.
   * @default true
   */
  cleanedAsDeleted: z.boolean().default(true)
})

/** A Mailchimp connection's settings after checking, with the API root resolved. */
export type MailchimpSettings = Omit<z.infer<typeof mailchimpSettingsSchema>, 'baseUrl'> & { baseUrl: string }

/** The data centre a key belongs to (`abc…-us21` → `us21`), or undefined for a key without one. */
export function dataCentreOf(apiKey: string): string | undefined {
  // Today every data centre is usNN; two letters and a number leaves room for others.
  return /-([a-z]{2}\d{1,3})$/.exec(apiKey.trim())?.[1]
}

/** The API root: the `baseUrl` setting, else the key's data centre; AuthError for a key that cannot be right. */
export function mailchimpBaseUrl(baseUrl: string | undefined, apiKey: string | undefined, connectionId?: string): string {
  const meta = { connectionId }
  if (baseUrl) return baseUrl.replace(/\/+$/, '')
  if (!apiKey) throw new AuthError('No API key is stored for Mailchimp', { ...meta, hint: 'Reconnect Mailchimp in Connections and paste the API key.' })
  const dc = dataCentreOf(apiKey)
  if (!dc) {
    throw new AuthError('The Mailchimp API key does not end in a data centre such as "-us21"', {
      ...meta,
      hint: 'Copy the whole key from Mailchimp (Profile → Extras → API keys) and reconnect Mailchimp in Connections.'
    })
  }
  return `https://${dc}.api.mailchimp.com/3.0`
}

/** Checks settings and key; throws ConfigError for a bad setting and AuthError for a key that cannot be right. */
export function readMailchimpSettings(connection: Pick<Connection, 'id' | 'settings'>, apiKey: string | undefined): MailchimpSettings {
  const s = readSettings(mailchimpSettingsSchema, connection, 'Mailchimp')
  return { ...s, baseUrl: mailchimpBaseUrl(s.baseUrl, apiKey, connection.id) }
}

/** The audience an object name points at: `members` uses the connection's `listId`, `members:<id>` names its own. */
export function listIdFor(object: string, settings: Pick<MailchimpSettings, 'listId'>, connectionId?: string): string {
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
