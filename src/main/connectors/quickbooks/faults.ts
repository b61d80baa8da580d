/**
 * QuickBooks' error bodies, read once. They come in three shapes: `{"Fault":{"Error":[…]}}`
 * (documented), `{"fault":{"error":[…]}}` (what 401s really send) and an XML
 * `<IntuitResponse><Fault>` (what 429s often send even to a JSON client). A fault on
 * one record becomes a RecordError that says what happened in the user's words.
 */
import { RecordError } from '../../errors'
import { FAULT_CODES } from './vendor'

/** One error of a fault. */
export interface QboError {
  code: string
  message: string
  detail?: string
  element?: string
}

/** A fault: its type and errors. */
export interface QboFault {
  type?: string
  errors: QboError[]
}

const rec = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined)

/** The fault in a body of any of the three shapes, or undefined. */
export function readFault(body: unknown): QboFault | undefined {
  if (typeof body === 'string') return readXmlFault(body)
  const b = rec(body)
  const f = rec(b?.Fault) ?? rec(b?.fault)
  if (!f) return undefined
  const list = (Array.isArray(f.Error) ? f.Error : Array.isArray(f.error) ? f.error : []).map(rec).filter((e): e is Record<string, unknown> => !!e)
  return {
    type: str(f.type),
    errors: list.map((e) => ({
      code: str(e.code) ?? '',
      message: str(e.Message) ?? str(e.message) ?? '',
      detail: str(e.Detail) ?? str(e.detail),
      element: str(e.element)
    }))
  }
}

function readXmlFault(xml: string): QboFault | undefined {
  if (!/<Fault\b/.test(xml)) return undefined
  const tag = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1]?.trim()
  return {
    type: /<Fault[^>]*type="([^"]*)"/.exec(xml)?.[1],
    errors: [{ code: /<Error[^>]*code="([^"]*)"/.exec(xml)?.[1] ?? '', message: tag('Message') ?? '', detail: tag('Detail') }]
  }
}

/** The vendor message for logs and Failures: "Message: Detail (code 1234)". */
export function faultMessage(body: unknown): string | undefined {
  const fault = readFault(body)
  const e = fault?.errors[0]
  if (!e) return typeof body === 'string' && body.trim() ? body.trim() : undefined
  const text = e.detail && e.detail !== e.message ? (e.message ? `${e.message}: ${e.detail}` : e.detail) : e.message
  return e.code ? `${text} (code ${e.code})` : text
}

/** Does this fault carry one of `codes`? */
export function hasCode(fault: QboFault | undefined, ...codes: string[]): boolean {
  return !!fault?.errors.some((e) => codes.includes(e.code))
}

/** The RecordError for a fault on one record, worded for the person who has to fix it. */
export function recordErrorFor(fault: QboFault, what: string, meta: { connectionId?: string; recordId?: string } = {}): RecordError {
  const said = faultMessage({ Fault: { Error: fault.errors.map((e) => ({ code: e.code, Message: e.message, Detail: e.detail })) } }) ?? 'no reason given'
  const base = { ...meta, vendorMessage: said, status: 400 }
  if (hasCode(fault, FAULT_CODES.staleObject)) {
    return new RecordError(`${what} was changed in QuickBooks since Patchbay read it, so Patchbay did not overwrite it`, {
      ...base,
      hint: 'Nothing to do: the next run reads the new version and merges it. If it repeats, check who else edits this record.'
    })
  }
  if (hasCode(fault, ...FAULT_CODES.periodClosed)) {
    return new RecordError(`${what} is dated in a period whose books are closed in QuickBooks`, {
      ...base,
      hint: 'In QuickBooks › Settings › Account and settings › Advanced › Close the books, move the closing date back (or post this one by hand), then retry it from Failures.'
    })
  }
  if (hasCode(fault, FAULT_CODES.objectNotFound)) {
    return new RecordError(`${what} refers to something QuickBooks no longer has or has made inactive: ${said}`, {
      ...base,
      hint: 'Make the customer, item or account active again in QuickBooks, or change the accounting mapping, then retry.'
    })
  }
  if (hasCode(fault, FAULT_CODES.duplicateName)) {
    return new RecordError(`${what}: QuickBooks already has a customer, vendor or employee with that name (possibly inactive)`, {
      ...base,
      hint: 'Rename or reactivate the existing one in QuickBooks, then retry.'
    })
  }
  return new RecordError(`QuickBooks refused ${what}: ${said}`, base)
}
