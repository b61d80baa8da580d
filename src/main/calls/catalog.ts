/**
 * The systems a person can pick under Connections → Add, with the vendor's own words on
 * where to find a key, taken from each connector's declaration (connectors/platform). A
 * system shows as available once Patchbay has a connector for it.
 */
import type { SystemInfo } from '../../shared/contract'
import type { DeclaredConnector } from '../connectors/platform'
import { declaredConnectors } from '../connectors/registry'
import { QUICKBOOKS_WIZARD } from '../connectors/quickbooks/wizard'

type Entry = Omit<SystemInfo, 'available'>

/** A declaration's catalogue entry as the app shows it. */
function entryOf({ declaration: d }: DeclaredConnector): Entry {
  const c = d.catalogue
  return {
    system: d.system,
    label: c.label,
    kind: c.kind,
    authKind: d.auth.kind,
    instructions: c.instructions,
    ...(c.helpUrl ? { helpUrl: c.helpUrl } : {}),
    inputs: c.inputs,
    ...(c.wizard ? { wizard: c.wizard } : {})
  }
}

/** Every entry: declared systems first (built-in and added), then the ones not declared yet. */
function entries(): Entry[] {
  const declared = declaredConnectors().map(entryOf)
  return [...declared, ...UNDECLARED.filter((e) => !declared.some((d) => d.system === e.system))]
}

/** Systems not yet written as declarations (their engineers port them next); delete each once it is. */
const UNDECLARED: Entry[] = [
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
  const all = entries()
  const known = all.map((e) => ({ ...e, available: available.has(e.system) && (e.authKind !== 'oauth2-own-app' || e.wizard !== undefined) }))
  // A connector added later without a catalogue entry still shows up, with plain defaults.
  const extra = [...available].filter((s) => !all.some((e) => e.system === s))
  return [...known, ...extra.map((system): SystemInfo => ({ system, label: system, kind: 'Other', authKind: 'none', instructions: [], inputs: [], available: true }))]
}

/** The catalogue entry of `system`, if it has one. */
export function catalogEntry(system: string): Entry | undefined {
  return entries().find((e) => e.system === system)
}

/** The label people know a system by. */
export function systemLabel(system: string): string {
  return catalogEntry(system)?.label ?? system
}
