/**
 * The Mailchimp connector (Marketing API 3.0): the members of an audience, with their
 * merge fields and tags.
 *
 * Connection: secret `apiKey` (its `-usNN` suffix picks the data centre); settings
 * `listId` (the audience), and optionally `baseUrl` (tests and the demo point it at the
 * fake), `pageSize`, `statusIfNew`, `cleanedAsDeleted` (see `MailchimpSettings`).
 * Objects: `members` (the audience in `listId`) or `members:<audience id>`.
 * Field names: see ./fields.ts (`email_address`, `status`, `tags`, `FNAME`, `ADDRESS.city`…).
 */
import type { Connector, ConnectorSession, OpenContext } from '../types'
import { createMailchimpClient, type MailchimpClientOptions } from './client'
import { MailchimpMembers } from './members'
import { mergeFieldCatalog, type MergeFieldCatalog } from './merge-fields'
import { listIdFor, readMailchimpSettings } from './settings'
import { testMailchimp } from './test-connection'

/** A Mailchimp session; `object()` gives a fresh adapter per call (one per run). */
export interface MailchimpSession extends ConnectorSession {
  object(name: string): MailchimpMembers
}

/** Makes a Mailchimp connector; options are for tests, the benchmark and the demo. */
export function createMailchimpConnector(options: MailchimpClientOptions = {}): Connector {
  return {
    system: 'mailchimp',
    label: 'Mailchimp',
    objects: ['members'],
    open: (ctx) => openMailchimpSession(ctx, options)
  }
}

/** Opens a session; throws ConfigError for bad settings and AuthError for a missing or malformed key. */
export async function openMailchimpSession(ctx: OpenContext, options: MailchimpClientOptions = {}): Promise<MailchimpSession> {
  const connectionId = ctx.connection.id
  const key = ctx.secrets.apiKey
  const settings = readMailchimpSettings(ctx.connection, key)
  const client = createMailchimpClient({ ...options, log: options.log ?? ctx.log, baseURL: settings.baseUrl, key: key ?? '', connectionId })
  const catalogs = new Map<string, MergeFieldCatalog>()
  return {
    object(name) {
      const listId = listIdFor(name, settings, connectionId)
      let catalog = catalogs.get(listId)
      if (!catalog) catalogs.set(listId, (catalog = mergeFieldCatalog(client, listId)))
      return new MailchimpMembers({ client, listId, connectionId, settings, catalog })
    },
    test: () => testMailchimp(client, settings.listId)
  }
}

/** The Mailchimp connector as registered. */
export const mailchimpConnector: Connector = createMailchimpConnector()

export { MailchimpMembers } from './members'
export type { MailchimpClientOptions } from './client'
export type { MailchimpSettings } from './settings'
export { subscriberHash } from './fields'
