/**
 * The SendGrid connector (Marketing Campaigns, API v3): the contacts of an account, with
 * their custom fields, lists and marketing consent read from the suppressions.
 *
 * Connection: secret `apiKey` (Settings → API Keys); settings in ./settings.ts (`region`,
 * `listId`, `unsubscribeGroupId`, and `baseUrl`, `pollMs`, `jobWaitMs` for tests and the demo).
 * Object: `contacts`. Field names: ./fields.ts.
 */
import { connected, defineConnector, testFailed, type ConnectorDeclaration, type DeclaredConnector, type HttpTuning } from '../platform'
import type { HttpClient } from '../http'
import { SendgridContacts } from './contacts'
import { checkKeyShape, SENDGRID_AUTH, SENDGRID_HTTP } from './http'
import { countSchema } from './schemas'
import { sendgridSettingsSchema, type SendgridSettings } from './settings'

/** What a SendGrid session keeps. */
interface SendgridState {
  client: HttpClient
  connectionId: string
  settings: SendgridSettings
}

/** SendGrid, declared. */
export const sendgridDeclaration: ConnectorDeclaration<SendgridSettings, SendgridState, HttpTuning> = {
  system: 'sendgrid',
  catalogue: {
    label: 'SendGrid',
    category: 'email',
    kind: 'Email marketing',
    instructions: [
      'In SendGrid, open Settings → API Keys and click Create API Key.',
      'Name it "Patchbay", choose Restricted Access, and give Full Access to Marketing and to Suppressions.',
      'Click Create & View and copy the key (it starts with "SG."). SendGrid shows it only once.'
    ],
    helpUrl: 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys',
    inputs: [
      { name: 'apiKey', label: 'API key', secret: true, placeholder: 'SG.xxxxxxxx.yyyyyyyy', help: 'Settings → API Keys → Create API Key, with Full Access to Marketing and Suppressions.' },
      { name: 'listId', label: 'List for new contacts (optional)', secret: false, placeholder: '1e8b2c70-…', help: 'Marketing → Contacts → Lists → your list: the id at the end of the address. Contacts Patchbay adds join it.' }
    ],
    templates: ['hubspot-sendgrid']
  },
  auth: SENDGRID_AUTH,
  settings: sendgridSettingsSchema,
  // The toolkit does not read `looksLike` yet: a key that cannot be SendGrid's stops here, before any request.
  check: (_settings, secrets, connectionId) => checkKeyShape(secrets.apiKey, connectionId),
  http: SENDGRID_HTTP,
  open: (ctx) => ({ client: ctx.http!.client, connectionId: ctx.connection.id, settings: ctx.settings }),
  async test(state) {
    try {
      const { contact_count: n } = await state.client.request({ url: '/v3/marketing/contacts/count', schema: countSchema })
      return connected(undefined, `; ${n.toLocaleString('en-US')} contact${n === 1 ? '' : 's'}`)
    } catch (err) {
      return testFailed(err)
    }
  },
  objects: {
    contacts: {
      label: 'Contacts',
      key: 'id',
      // Contacts are upserted by email: a repeated create finds the same contact.
      idempotency: { by: 'upsert', property: 'email' },
      build: (state) => new SendgridContacts(state)
    }
  }
}

/** The SendGrid connector as registered. */
export const sendgridConnector: DeclaredConnector<SendgridSettings, SendgridState, HttpTuning> = defineConnector(sendgridDeclaration)

/** Makes a SendGrid connector with tuning (tests, the benchmark and the demo). */
export function createSendgridConnector(tuning: HttpTuning = {}): DeclaredConnector<SendgridSettings, SendgridState, HttpTuning> {
  return sendgridConnector.tuned(tuning)
}

export { SendgridContacts } from './contacts'
export type { SendgridSettings } from './settings'
export { CONSENT as SENDGRID_CONSENT, CONSENT_AT as SENDGRID_CONSENT_AT } from './consent'
