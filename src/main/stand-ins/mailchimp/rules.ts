/**
 * What the fake accepts as a member: address syntax, Mailchimp's refusal of addresses
 * that look fake, merge field types and required merge fields. Each refusal is a
 * ProblemError worded as Mailchimp words it.
 */
import { ProblemError, problems } from './problems'

/** A merge field definition (`GET /lists/{list_id}/merge-fields`). */
export interface MergeFieldDef {
  merge_id: number
  tag: string
  name: string
  type: 'text' | 'number' | 'address' | 'phone' | 'date' | 'birthday' | 'email' | 'url' | 'zip' | 'dropdown' | 'radio'
  required: boolean
  default_value: string
  public: boolean
  display_order: number
}

/** An address merge value. */
export interface Address {
  addr1: string
  addr2: string
  city: string
  state: string
  zip: string
  country: string
}

/** A stored merge value; "" means empty. */
export type MergeValue = string | number | Address

/** The merge fields every new audience starts with (Mailchimp's defaults). */
export function defaultMergeFields(): MergeFieldDef[] {
  const def = (merge_id: number, tag: string, name: string, type: MergeFieldDef['type']): MergeFieldDef => ({
    merge_id, tag, name, type, required: false, default_value: '', public: true, display_order: merge_id + 1
  })
  return [def(1, 'FNAME', 'First Name', 'text'), def(2, 'LNAME', 'Last Name', 'text'), def(3, 'ADDRESS', 'Address', 'address'), def(4, 'PHONE', 'Phone Number', 'phone'), def(5, 'BIRTHDAY', 'Birthday', 'birthday')]
}

const SYNTAX = /^[^\s@"<>(),;:\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/
const FAKE_LOCAL = /^(test|fake|asdf|qwerty|noemail|none|nobody|abc)$/i
const FAKE_DOMAIN = /(^|\.)(test\.com|example\.invalid|fake\.com|mailinator\.com)$/i

/**
 * The fake's stand-in for Mailchimp's "looks fake or invalid" check, whose exact rules
 * Mailchimp does not publish: placeholder local parts (test@, fake@, asdf@…) and
 * throw-away or placeholder domains.
 */
export function looksFake(email: string): boolean {
  const [local, domain] = email.split('@')
  return FAKE_LOCAL.test(local ?? '') || FAKE_DOMAIN.test(domain ?? '')
}

/** Refuses an address that is malformed, not ASCII in its local part, or looks fake. */
export function checkEmail(email: string, isFake: (email: string) => boolean = looksFake): void {
  // Mailchimp cannot take UTF-8 in the local part.
  if (!SYNTAX.test(email) || /[^\x20-\x7e]/.test(email.split('@')[0] ?? '') || isFake(email)) throw new ProblemError(problems.fakeEmail(email))
}

const invalidMerge = (errors: { field: string; message: string }[]) => new ProblemError(problems.invalid('Your merge fields were invalid.', errors))

/** Checks and normalises merge values sent for `defs`; `creating` enforces required fields. */
export function checkMergeFields(sent: Record<string, unknown>, defs: MergeFieldDef[], creating: boolean, skipValidation = false): Record<string, MergeValue> {
  const byTag = new Map(defs.map((d) => [d.tag, d]))
  const out: Record<string, MergeValue> = {}
  const errors: { field: string; message: string }[] = []
  for (const [tag, value] of Object.entries(sent)) {
    const def = byTag.get(tag)
    if (!def) {
      errors.push({ field: tag, message: 'This merge field does not exist in the audience.' })
      continue
    }
    const v = value === null || value === undefined ? '' : value
    if (def.type === 'address') {
      if (v === '') out[tag] = ''
      else if (typeof v === 'object') {
        const a = v as Partial<Address>
        const parts = { addr1: a.addr1 ?? '', addr2: a.addr2 ?? '', city: a.city ?? '', state: a.state ?? '', zip: a.zip ?? '', country: a.country ?? 'US' }
        if (!parts.addr1 || !parts.city || !parts.state || !parts.zip) errors.push({ field: tag, message: 'Please enter a complete address' })
        else out[tag] = parts
      } else errors.push({ field: tag, message: 'Please enter a complete address' })
    } else if (typeof v === 'object') errors.push({ field: tag, message: 'Please enter a value, not an object' })
    else if (def.type === 'number' && v !== '' && !Number.isFinite(Number(v))) errors.push({ field: tag, message: 'Please enter a number' })
    else out[tag] = def.type === 'number' && v !== '' ? Number(v) : String(v)
  }
  if (creating && !skipValidation) {
    for (const def of defs) if (def.required && (out[def.tag] === undefined || out[def.tag] === '')) errors.push({ field: def.tag, message: 'Please enter a value' })
  }
  if (errors.length) throw invalidMerge(errors)
  return out
}

/** Statuses a client may set. */
export const SETTABLE_STATUS = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'] as const
export type SettableStatus = (typeof SETTABLE_STATUS)[number]

/** Refuses a status Mailchimp does not take from clients. */
export function checkStatus(field: string, value: unknown): SettableStatus | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (!(SETTABLE_STATUS as readonly string[]).includes(String(value))) {
    throw new ProblemError(problems.invalid("The resource submitted could not be validated. For field-specific details, see the 'errors' array.", [{ field, message: `Value must be one of: ${SETTABLE_STATUS.join(', ')}` }]))
  }
  return value as SettableStatus
}
