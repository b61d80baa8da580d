/**
 * A small reader for Intuit's V3 XSDs (../shared/vendor-specs/quickbooks): enough of
 * XML Schema to say which child elements and attributes each complexType allows,
 * inheritance (`xs:extension`) and groups included. The JSON API uses the same names,
 * so the fake checks every entity it accepts or returns against it, and tests check
 * what the connector emits. No npm XML library: the XSDs use a regular subset.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedPath } from '../shared'

/** Where the Intuit XSDs are: the shared folder beside the repository (tests only). */
export const XSD_DIR = sharedPath('vendor-specs', 'quickbooks')
const FILES = ['IntuitBaseTypes.xsd', 'IntuitNamesTypes.xsd', 'Finance.xsd', 'SalesTax.xsd', 'Report.xsd', 'IntuitRestServiceDef.xsd']

/** What a complexType (or group) allows. */
export interface XsdType {
  name: string
  /** Base type (`xs:extension`) or included groups, read in order. */
  bases: string[]
  /** Child element name → its type name (`#anon:…` for an inline type). */
  elements: Map<string, string>
  /** Elements that may repeat (maxOccurs > 1). */
  repeated: Set<string>
  attributes: Set<string>
  /** Text content (`xs:simpleContent`): JSON carries it as `value`. */
  simpleContent: boolean
  /** `xs:any`: anything goes inside. */
  open: boolean
}

/** The schema: complex types by name and the substitution group of IntuitObject. */
export interface XsdSchema {
  types: Map<string, XsdType>
  /** Top-level element name → type, for `ref=` elements (IntuitObject's members). */
  topElements: Map<string, string>
  /** Members of the IntuitObject substitution group (Customer, Invoice, …). */
  intuitObjects: Set<string>
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]
const local = (qname: string): string => qname.replace(/^\w+:/, '')

/** Reads the XSD files once. */
export function loadXsd(dir: string = XSD_DIR): XsdSchema {
  const schema: XsdSchema = { types: new Map(), topElements: new Map(), intuitObjects: new Set() }
  for (const f of FILES) readInto(schema, readFileSync(join(dir, f), 'utf8'))
  return schema
}

function newType(name: string): XsdType {
  return { name, bases: [], elements: new Map(), repeated: new Set(), attributes: new Set(), simpleContent: false, open: false }
}

function readInto(schema: XsdSchema, text: string): void {
  const clean = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<xs:annotation>[\s\S]*?<\/xs:annotation>/g, '')
  const tag = /<(\/?)xs:(\w+)([^>]*?)(\/?)>/g
  /** Open tags: the type each belongs to, and the element whose inline type may follow. */
  const stack: { kind: string; type?: XsdType; element?: string }[] = []
  let anon = 0
  for (let m = tag.exec(clean); m; m = tag.exec(clean)) {
    const [, closing, kind, body, selfClosing] = m
    if (closing) {
      stack.pop()
      continue
    }
    const parent = stack[stack.length - 1]
    const owner = [...stack].reverse().find((s) => s.type)?.type
    const frame: { kind: string; type?: XsdType; element?: string } = { kind }
    if ((kind === 'complexType' || kind === 'group') && attr(body, 'name')) {
      frame.type = newType(attr(body, 'name')!)
      schema.types.set(frame.type.name, frame.type)
    } else if (kind === 'complexType' && parent?.kind === 'element' && parent.element && owner) {
      // An inline type: its elements belong to a synthetic type the element points at.
      frame.type = newType(`#anon:${anon++}`)
      schema.types.set(frame.type.name, frame.type)
      owner.elements.set(parent.element, frame.type.name)
    } else if (kind === 'element') {
      const name = attr(body, 'name')
      const ref = attr(body, 'ref')
      if (!owner && name) {
        schema.topElements.set(name, local(attr(body, 'type') ?? name))
        if (attr(body, 'substitutionGroup') === 'IntuitObject') schema.intuitObjects.add(name)
      } else if (owner) {
        const child = name ?? (ref ? local(ref) : undefined)
        if (child) {
          owner.elements.set(child, ref ? `#ref:${local(ref)}` : local(attr(body, 'type') ?? 'xs:string'))
          const max = attr(body, 'maxOccurs')
          if (max === 'unbounded' || (max !== undefined && Number(max) > 1)) owner.repeated.add(child)
          frame.element = child
        }
      }
    } else if (kind === 'extension' && owner) {
      owner.bases.push(local(attr(body, 'base') ?? ''))
    } else if (kind === 'group' && attr(body, 'ref') && owner) {
      owner.bases.push(local(attr(body, 'ref')!))
    } else if (kind === 'attribute' && owner && attr(body, 'name')) {
      owner.attributes.add(attr(body, 'name')!)
    } else if (kind === 'simpleContent' && owner) {
      owner.simpleContent = true
    } else if (kind === 'any' && owner) {
      owner.open = true
    }
    if (!selfClosing) stack.push(frame)
  }
}
