/**
 * Checks a JSON entity against the XSD the way QuickBooks' own parser does: every
 * property must be an element or attribute of the entity's complexType or one it
 * extends, recursively. Real QuickBooks answers an unknown property with error 2010
 * ("Request has invalid or unsupported property"); the fake does the same with this.
 */
import { loadXsd, type XsdSchema, type XsdType } from './xsd'

let cached: XsdSchema | undefined

/** The schema, read once per process. */
export function schema(): XsdSchema {
  cached ??= loadXsd()
  return cached
}

/** All elements and attributes a type allows, its bases included. */
function allowed(s: XsdSchema, type: XsdType, seen = new Set<string>()): { elements: Map<string, string>; attributes: Set<string>; simple: boolean; open: boolean } {
  const out = { elements: new Map(type.elements), attributes: new Set(type.attributes), simple: type.simpleContent, open: type.open }
  seen.add(type.name)
  for (const b of type.bases) {
    const base = s.types.get(b)
    if (!base || seen.has(b)) {
      // A base that is a simple type (ReferenceType extends `id`) means text content.
      if (!base) out.simple = true
      continue
    }
    const inherited = allowed(s, base, seen)
    for (const [k, v] of inherited.elements) if (!out.elements.has(k)) out.elements.set(k, v)
    for (const a of inherited.attributes) out.attributes.add(a)
    out.simple ||= inherited.simple
    out.open ||= inherited.open
  }
  return out
}

/** Problems with `value` as an instance of the complexType `typeName`, as dotted paths. */
export function checkAgainstXsd(value: unknown, typeName: string, path = typeName): string[] {
  const s = schema()
  const type = s.types.get(typeName)
  if (!type) return [] // a simple type: any scalar will do here
  if (value === null || typeof value !== 'object') return [`${path}: expected an object for ${typeName}`]
  const rules = allowed(s, type)
  if (rules.open) return []
  const problems: string[] = []
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const at = `${path}.${key}`
    if (rules.attributes.has(key) || (rules.simple && key === 'value')) continue
    let childType = rules.elements.get(key)
    if (childType === undefined && rules.elements.get('IntuitObject') === '#ref:IntuitObject' && s.intuitObjects.has(key)) childType = s.topElements.get(key)
    if (childType === undefined) {
      problems.push(`${at}: not a property of ${typeName}`)
      continue
    }
    if (childType.startsWith('#ref:')) childType = s.topElements.get(childType.slice(5)) ?? childType
    for (const [i, item] of (Array.isArray(child) ? child : [child]).entries()) {
      problems.push(...checkAgainstXsd(item, childType, Array.isArray(child) ? `${at}[${i}]` : at))
    }
  }
  return problems
}

/** The complexType of a top-level entity name (SalesReceipt → SalesReceipt). */
export function entityType(entity: string): string {
  return schema().topElements.get(entity) ?? entity
}
