/**
 * The systems a person can pick under Connections → Add, with the vendor's own words on
 * where to find a key, taken from each connector's declaration (connectors/platform). A
 * system shows as available once Patchbay has a connector for it.
 */
import type { SystemInfo } from '../../shared/contract'
import type { CatalogueInput, DeclaredConnector } from '../connectors/platform'
import { declaredConnectors } from '../connectors/registry'

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
    ...(c.wizard ? { wizard: c.wizard } : {}),
    ...(d.secretInputs ? { secretsFromSettings: true } : {})
  }
}

/** Every entry: the declared systems, built-in and added. */
function entries(): Entry[] {
  return declaredConnectors().map(entryOf)
}

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

/**
 * The secrets a new or reconnected connection of `system` is asked for, when its settings
 * decide them (a described API); undefined when the catalogue's inputs say. Settings that
 * do not check out ask nothing here: the connection test then names what is wrong.
 */
export async function secretInputsFor(system: string, settings: Record<string, unknown>): Promise<CatalogueInput[] | undefined> {
  const d = declaredConnectors().find((c) => c.system === system)?.declaration
  if (!d?.secretInputs) return undefined
  const parsed = d.settings.safeParse(settings)
  return parsed.success ? d.secretInputs(parsed.data) : []
}
