/**
 * What the New sync form offers on each side, in the owner's words: the connections whose
 * system fits the template's role (no Stripe as a CRM), a plain line when none does, the
 * record type a template's mapping needs, the owner's own time zone, and fields by the
 * label the connector gives them. Pure, so it is tested without a browser.
 */
import type { ConnectionCard, SystemInfo } from '../../../shared/contract'

/** A connection as a side's select offers it. */
export interface ConnectionChoice {
  id: string
  /** "HubSpot (HubSpot)": the connection's own name, then its system. */
  text: string
}

/** Connections offered together under a heading (the system's kind, "CRM"), or with no heading. */
export interface ConnectionGroup {
  label?: string
  choices: ConnectionChoice[]
}

const choiceOf = (c: ConnectionCard): ConnectionChoice => ({ id: c.connection.id, text: `${c.connection.label} (${c.systemLabel})` })

/**
 * The connections a side can use. A template's side names the systems that fit its role, and
 * only those are offered; a side that names none (a sync of one's own, or one being changed)
 * offers every connection, grouped by what its system is, in the catalogue's order.
 */
export function connectionChoices(systems: readonly string[], connections: readonly ConnectionCard[], catalogue: readonly SystemInfo[]): ConnectionGroup[] {
  if (systems.length) {
    const fit = connections.filter((c) => systems.includes(c.connection.system))
    return fit.length ? [{ choices: fit.map(choiceOf) }] : []
  }
  const kindOf = (system: string) => catalogue.find((s) => s.system === system)?.kind ?? 'Other'
  const order = (kind: string) => {
    const i = catalogue.findIndex((s) => s.kind === kind)
    return i < 0 ? catalogue.length : i
  }
  const kinds = [...new Set(connections.map((c) => kindOf(c.connection.system)))].sort((a, b) => order(a) - order(b))
  return kinds.map((kind) => ({ label: kind, choices: connections.filter((c) => kindOf(c.connection.system) === kind).map(choiceOf) }))
}

/** "HubSpot", "HubSpot or Salesforce", "HubSpot, Salesforce or CSV file". */
function either(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`
}

/**
 * The line a side shows when no connection fits it, up to the word "Connections" (which the
 * form makes a link): "You have no CRM connected yet — add HubSpot or Salesforce under".
 * A role is lower-cased ("payments") unless it starts with a name ("CRM", "Square payments").
 */
export function noneFitsLine(role: string, systems: readonly string[], catalogue: readonly SystemInfo[]): string {
  const first = role.split(/\s+/)[0] ?? ''
  const named = first === first.toUpperCase() || catalogue.some((s) => s.label === first)
  const what = named ? role : role.charAt(0).toLowerCase() + role.slice(1)
  const labels = [...new Set(systems.map((s) => catalogue.find((c) => c.system === s)?.label ?? s))]
  return labels.length ? `You have no ${what} connected yet — add ${either(labels)} under` : `You have no ${what} connected yet — add one under`
}

/**
 * The record type a side starts on: the one the template's mapping needs (Stripe `charges`,
 * QuickBooks `documents`) when the connection offers it, else the one already chosen, else
 * the connection's first.
 */
export function objectToPick(offered: readonly string[], chosen: string, wanted?: string): string {
  if (chosen && offered.includes(chosen)) return chosen
  return wanted && offered.includes(wanted) ? wanted : (offered[0] ?? '')
}

/** The time zone a new schedule starts in: the one in Settings, else the browser's; UTC only when neither says. */
export function ownTimeZone(settingsZone: string | undefined, browserZone: string | undefined): string {
  return settingsZone?.trim() || browserZone?.trim() || 'UTC'
}

/** The browser's time zone, when it says. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined
  } catch {
    return undefined
  }
}

/** A field as a connection describes it (`connection:fields`). */
export interface FieldDescription {
  name: string
  label?: string
}

/** Each field's label by its name, for the fields the connector gave one. */
export function labelsOf(fields: readonly FieldDescription[]): Record<string, string> {
  return Object.fromEntries(fields.filter((f) => f.label?.trim()).map((f) => [f.name, f.label!.trim()]))
}

/**
 * A field as the form shows it: its label, with the API name after it as secondary text
 * when it is not the same word ("Record ID (hs_object_id)", but "Email" for `email`); the API
 * name alone when the connector gives no label.
 */
export function fieldText(name: string, labels: Readonly<Record<string, string>>): string {
  const label = labels[name]
  if (!label) return name
  return label.toLowerCase() === name.toLowerCase() ? label : `${label} (${name})`
}

/** The label alone ("Record ID"), or the API name when there is none. */
export function fieldWords(name: string, labels: Readonly<Record<string, string>>): string {
  return labels[name] || name
}

/** A side's fields in the order a person looks for them: by label when the connector gives labels, else as the connector lists them (a file's columns). */
export function fieldsInOrder(names: readonly string[], labels: Readonly<Record<string, string>>): string[] {
  if (!names.some((n) => labels[n])) return [...names]
  return [...names].sort((a, b) => fieldWords(a, labels).localeCompare(fieldWords(b, labels), 'en', { sensitivity: 'base' }))
}
