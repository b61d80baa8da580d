/**
 * The systems a person can pick under Connections → Add, with the vendor's own words on
 * where to find a key. A system shows as available once Patchbay has a connector for it;
 * the others are listed so people can see what is coming.
 */
import type { SystemInfo } from '../../shared/contract'

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
      'Create a private app named "Patchbay" with the scopes crm.objects.contacts.read and crm.objects.contacts.write.',
      'Copy the access token it shows and paste it below.'
    ],
    helpUrl: 'https://developers.hubspot.com/docs/api/private-apps',
    inputs: [{ name: 'accessToken', label: 'Private app access token', secret: true, placeholder: 'pat-eu1-…' }]
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
      { name: 'apiKey', label: 'API key', secret: true, placeholder: '0123456789abcdef-us21' },
      { name: 'listId', label: 'Audience id', secret: false, placeholder: 'a1b2c3d4e5' }
    ]
  },
  {
    system: 'stripe',
    label: 'Stripe',
    kind: 'Payments',
    authKind: 'api-key',
    instructions: [
      'In the Stripe Dashboard, open Developers → API keys.',
      'Click Create restricted key, allow Read on Charges, Customers and Payment Intents, and name it "Patchbay".',
      'Copy the key (it starts with rk_live_) and paste it below.'
    ],
    helpUrl: 'https://docs.stripe.com/keys#create-restricted-api-secret-key',
    inputs: [{ name: 'apiKey', label: 'Restricted key', secret: true, placeholder: 'rk_live_…' }]
  },
  {
    system: 'quickbooks',
    label: 'QuickBooks Online',
    kind: 'Accounting',
    authKind: 'oauth2',
    instructions: [
      'Click Connect: your browser opens the Intuit sign-in page.',
      'Sign in as a QuickBooks admin, pick your company and click Connect.',
      'Come back here; Patchbay finishes the connection by itself.'
    ],
    helpUrl: 'https://quickbooks.intuit.com/learn-support/',
    inputs: []
  }
]

/** Every system with whether Patchbay can connect to it today. */
export function systemCatalog(available: ReadonlySet<string>): SystemInfo[] {
  // OAuth systems need the sign-in wizard, which this version of the UI does not have yet.
  const known = ENTRIES.map((e) => ({ ...e, available: available.has(e.system) && e.authKind !== 'oauth2' }))
  // A connector added later without a catalogue entry still shows up, with plain defaults.
  const extra = [...available].filter((s) => !ENTRIES.some((e) => e.system === s))
  return [...known, ...extra.map((system): SystemInfo => ({ system, label: system, kind: 'Other', authKind: 'none', instructions: [], inputs: [], available: true }))]
}

/** The label people know a system by. */
export function systemLabel(system: string): string {
  return ENTRIES.find((e) => e.system === system)?.label ?? system
}
