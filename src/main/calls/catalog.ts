/**
 * The systems a person can pick under Connections → Add, with the vendor's own words on
 * where to find a key. A system shows as available once Patchbay has a connector for it;
 * the others are listed so people can see what is coming.
 */
import type { SystemInfo } from '../../shared/contract'
import { QUICKBOOKS_WIZARD } from '../connectors/quickbooks/wizard'

type Entry = Omit<SystemInfo, 'available'>

const ENTRIES: Entry[] = [
  {
    system: 'csv',
    label: 'CSV file',
    kind: 'Spreadsheet or export',
    authKind: 'none',
    instructions: [
      'Export the list from your program as CSV (in Excel or Numbers: File → Save As → CSV).',
      'Put the file somewhere it stays, such as a Documents folder, and copy its full path.',
      'Patchbay reads and writes the file in place; keep a copy if you are unsure.'
    ],
    inputs: [
      { name: 'file', label: 'Full path of the .csv file', secret: false, placeholder: '/home/you/Documents/customers.csv', help: 'Or a folder: every .csv file in it becomes something you can sync.' },
      { name: 'keyColumn', label: 'Column that identifies each row', secret: false, placeholder: 'id', help: 'Usually id, email or a reference number.' }
    ]
  },
  {
    system: 'hubspot',
    label: 'HubSpot',
    kind: 'CRM',
    authKind: 'api-key',
    instructions: [
      'In HubSpot, click the settings gear, then Integrations → Private Apps.',
      'Create a private app named "Patchbay" with the scopes crm.objects.contacts.read and crm.objects.contacts.write (and the companies scopes if you sync companies).',
      'Copy the access token it shows and paste it below.'
    ],
    helpUrl: 'https://developers.hubspot.com/docs/api/private-apps',
    inputs: [{ name: 'accessToken', label: 'Private app access token', secret: true, placeholder: 'pat-eu1-…', help: 'Settings → Integrations → Private Apps → your app → Auth → Show token. It starts with pat-.' }]
  },
  {
    system: 'mailchimp',
    label: 'Mailchimp',
    kind: 'Email marketing',
    authKind: 'api-key',
    instructions: [
      'In Mailchimp, click your profile picture, then Profile → Extras → API keys.',
      'Click Create A Key, name it "Patchbay", and copy it (it ends in -us1, -us21 or similar).',
      'Find your audience id under Audience → Settings → Audience name and defaults.'
    ],
    helpUrl: 'https://mailchimp.com/help/about-api-keys/',
    inputs: [
      { name: 'apiKey', label: 'API key', secret: true, placeholder: '0123456789abcdef-us21', help: 'Profile → Extras → API keys. The part after the dash (us21) tells Patchbay which Mailchimp server holds your account.' },
      { name: 'listId', label: 'Audience id', secret: false, placeholder: 'a1b2c3d4e5', help: 'Audience → Settings → Audience name and defaults, under "Audience ID". Not the audience’s name.' }
    ]
  },
  {
    system: 'stripe',
    label: 'Stripe',
    kind: 'Payments',
    authKind: 'api-key',
    instructions: [
      'In the Stripe Dashboard, open Developers → API keys.',
      'Click Create restricted key and name it "Patchbay". Allow Read on Balance, Charges and Refunds, Customers, Disputes, Events, Invoices and Payment Intents; allow Write on Customers only if a sync writes customers to Stripe.',
      'Copy the key (it starts with rk_live_, or rk_test_ for test mode) and paste it below. Stripe shows it once.'
    ],
    helpUrl: 'https://docs.stripe.com/keys#create-restricted-api-secret-key',
    inputs: [{ name: 'apiKey', label: 'Restricted key', secret: true, placeholder: 'rk_live_…', help: 'Developers → API keys → Restricted keys. A secret key (sk_…) also works but can do everything; a restricted key can only do what you allowed.' }]
  },
  {
    system: 'quickbooks',
    label: 'QuickBooks Online',
    kind: 'Accounting',
    authKind: 'oauth2-own-app',
    instructions: [
      'Create a free Intuit developer app for your business and paste its Client ID and Client Secret.',
      'Sign in to Intuit in your browser, pick your company and click Connect.',
      'Paste the address your browser landed on; Patchbay finishes the connection.'
    ],
    helpUrl: 'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0',
    inputs: [],
    wizard: QUICKBOOKS_WIZARD
  }
]

/** Every system with whether Patchbay can connect to it today. */
export function systemCatalog(available: ReadonlySet<string>): SystemInfo[] {
  // A system whose owner brings their own app keys can be connected only through its wizard.
  const known = ENTRIES.map((e) => ({ ...e, available: available.has(e.system) && (e.authKind !== 'oauth2-own-app' || e.wizard !== undefined) }))
  // A connector added later without a catalogue entry still shows up, with plain defaults.
  const extra = [...available].filter((s) => !ENTRIES.some((e) => e.system === s))
  return [...known, ...extra.map((system): SystemInfo => ({ system, label: system, kind: 'Other', authKind: 'none', instructions: [], inputs: [], available: true }))]
}

/** The catalogue entry of `system`, if it has one. */
export function catalogEntry(system: string): Entry | undefined {
  return ENTRIES.find((e) => e.system === system)
}

/** The label people know a system by. */
export function systemLabel(system: string): string {
  return ENTRIES.find((e) => e.system === system)?.label ?? system
}
