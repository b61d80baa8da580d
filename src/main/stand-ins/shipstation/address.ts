/**
 * The stand-in's address check for `validate_address: validate_only | validate_and_clean`:
 * required parts present, a country code it knows, a postcode of the country's shape, a
 * two-letter state for the US and Canada. Real ShipStation asks carriers' address
 * databases; these rules catch the typing mistakes a shop's orders really have, and each
 * refusal names the field (`ship_to.postal_code`) as ShipStation's messages do.
 */

/** A ship-to address as the request sends it. */
export type AddressInput = Record<string, unknown>

const POSTCODES: Record<string, RegExp> = {
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i,
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i,
  IE: /^[A-Z\d]{3} ?[A-Z\d]{4}$/i,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  NL: /^\d{4} ?[A-Z]{2}$/i,
  AU: /^\d{4}$/
}

const COUNTRIES = new Set([...Object.keys(POSTCODES), 'BE', 'DK', 'ES', 'IT', 'NZ', 'NO', 'SE', 'CH', 'AT', 'PT', 'PL', 'JP'])

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')

/** Fields every ship-to needs, validated or not. */
export const REQUIRED_PARTS = ['name', 'address_line1', 'city_locality', 'postal_code', 'country_code'] as const

/** Missing required parts, as `ship_to.<field>` names. */
export function missingParts(a: AddressInput, prefix = 'ship_to'): string[] {
  return REQUIRED_PARTS.filter((p) => text(a[p]) === '').map((p) => `${prefix}.${p}`)
}

/** Why the validator refuses the address, one message per field; empty when it passes. */
export function addressProblems(a: AddressInput): string[] {
  const out: string[] = []
  const country = text(a.country_code).toUpperCase()
  if (!COUNTRIES.has(country)) out.push(`ship_to.country_code '${text(a.country_code)}' is not a country ShipStation ships to`)
  const postcode = text(a.postal_code)
  const shape = POSTCODES[country]
  if (shape && !shape.test(postcode)) out.push(`ship_to.postal_code '${postcode}' is not a valid postal code for ${country}`)
  if ((country === 'US' || country === 'CA') && !/^[A-Z]{2}$/i.test(text(a.state_province))) out.push(`ship_to.state_province '${text(a.state_province)}' must be a two-letter state or province code for ${country}`)
  if (text(a.address_line1) !== '' && !/\d/.test(text(a.address_line1)) && !/\d/.test(text(a.address_line2)) && country === 'US') out.push(`ship_to.address_line1 '${text(a.address_line1)}' has no house number`)
  return out
}

/** The address as `validate_and_clean` returns it: trimmed, postcode and codes upper-cased. */
export function cleaned(a: AddressInput): AddressInput {
  const out: AddressInput = { ...a }
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string') out[k] = v.trim()
  for (const k of ['postal_code', 'country_code', 'state_province']) if (typeof out[k] === 'string') out[k] = (out[k] as string).toUpperCase()
  return out
}
