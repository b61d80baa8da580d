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
import type { z } from 'zod'
import { defineConnector, type ConnectorDeclaration, type DeclaredConnector, type DeclaredSession, type HttpTuning } from '../platform'
import { MAILCHIMP_AUTH, MAILCHIMP_HTTP, toHttpTuning, type MailchimpClientOptions } from './client'
import type { HttpClient } from '../http'
import { MailchimpMembers } from './members'
import { mergeFieldCatalog, type MergeFieldCatalog } from './merge-fields'
import { listIdFor, mailchimpBaseUrl, mailchimpSettingsSchema, type MailchimpSettings } from './settings'
import { testMailchimp } from './test-connection'

/** What a Mailchimp session keeps: the client, the settings and one merge-field catalogue per audience. */
interface MailchimpState {
  client: HttpClient
  connectionId: string
  settings: MailchimpSettings
  catalogs: Map<string, MergeFieldCatalog>
}

/** Mailchimp, declared. */
export const mailchimpDeclaration: ConnectorDeclaration<z.infer<typeof mailchimpSettingsSchema>, MailchimpState, HttpTuning> = {
  system: 'mailchimp',
  catalogue: {
    label: 'Mailchimp',
    category: 'email',
    kind: 'Email marketing',
    instructions: [
      'In Mailchimp, click your profile picture, then Profile → Extras → API keys.',
      'Click Create A Key, name it "Patchbay", and copy it (it ends in -us1, -us21 or similar).',
      'Find your audience id under Audience → Settings → Audience name and defaults.'
    ],
    helpUrl: 'https://mailchimp.com/help/about-api-keys/',
    inputs: [
      { name: 'apiKey', label: 'API key', secret: true, placeholder: '0123456789abcdef-us21', help: 'Profile → Extras → API keys. The part after the dash (us21) tells Patchbay which Mailchimp server holds your account.' },
      { name: 'listId', label: 'Audience id', secret: false, placeholder: 'a1b2c3d4e5', help: 'Audience → Settings → Audience name and defaults, under "Audience ID". Not the audience’s name.' }
    ],
    templates: ['crm-email']
  },
  auth: MAILCHIMP_AUTH,
  settings: mailchimpSettingsSchema,
  // A key without a data centre stops the connection before any request (AuthError).
  check: (settings, secrets, connectionId) => void mailchimpBaseUrl(settings.baseUrl, secrets.apiKey, connectionId),
  http: MAILCHIMP_HTTP,
  open: (ctx) => ({
    client: ctx.http!.client,
    connectionId: ctx.connection.id,
    settings: { ...ctx.settings, baseUrl: mailchimpBaseUrl(ctx.settings.baseUrl, ctx.secrets.apiKey, ctx.connection.id) },
    catalogs: new Map()
  }),
  test: (state) => testMailchimp(state.client, state.settings.listId),
  objects: {
    members: {
      label: 'Audience members',
      key: 'contact_id',
      // Members are written by address (PUT on the subscriber hash): a repeat finds the same member.
      idempotency: { by: 'upsert', property: 'email_address' },
      // A fresh adapter per call (one per run): it remembers what the run read and wrote.
      build: (state, name) => {
        const listId = listIdFor(name, state.settings, state.connectionId)
        let catalog = state.catalogs.get(listId)
        if (!catalog) state.catalogs.set(listId, (catalog = mergeFieldCatalog(state.client, listId)))
        return new MailchimpMembers({ client: state.client, listId, connectionId: state.connectionId, settings: state.settings, catalog })
      }
    }
  },
  objectFor: (name) => (/^members(:|$)/i.test(name) ? 'members' : undefined)
}

/** A Mailchimp session; `object()` gives a fresh adapter per call (one per run). */
export interface MailchimpSession extends DeclaredSession<MailchimpState> {
  object(name: string): MailchimpMembers
}

/** The Mailchimp connector as registered. */
export const mailchimpConnector: DeclaredConnector<z.infer<typeof mailchimpSettingsSchema>, MailchimpState, HttpTuning> = defineConnector(mailchimpDeclaration)

/** Makes a Mailchimp connector; options are for tests, the benchmark and the demo. */
export function createMailchimpConnector(options: MailchimpClientOptions = {}): DeclaredConnector<z.infer<typeof mailchimpSettingsSchema>, MailchimpState, HttpTuning> {
  return mailchimpConnector.tuned(toHttpTuning(options))
}

export { MailchimpMembers } from './members'
export type { MailchimpClientOptions } from './client'
export type { MailchimpSettings } from './settings'
export { subscriberHash } from './fields'
