/**
 * ShipStation's refusals in a shop owner's words. ShipStation names a ship-to field the
 * way its API does (`ship_to.postal_code`); the owner knows it as "Ship-to postcode".
 */

/** Ship-to fields as the owner says them. */
export const SHIP_TO_WORDS: Record<string, string> = {
  name: 'Ship-to name',
  phone: 'Ship-to phone',
  email: 'Ship-to email',
  company_name: 'Ship-to company',
  address_line1: 'Ship-to street address',
  address_line2: 'Ship-to address line 2',
  city_locality: 'Ship-to town or city',
  state_province: 'Ship-to county or state',
  postal_code: 'Ship-to postcode',
  country_code: 'Ship-to country'
}

/** One ShipStation message about a ship-to field, reworded: "Ship-to postcode 'ZZ1' is not a valid postal code for GB". */
export function plainAddressMessage(message: string): string {
  return message.replace(/ship_to\.([a-z_0-9]+)/g, (whole, field: string) => SHIP_TO_WORDS[field] ?? whole).replace(/^./, (c) => c.toUpperCase())
}

/** The ship-to fields a ShipStation message names, as the owner says them. */
export function fieldsNamed(message: string): string[] {
  return [...message.matchAll(/ship_to\.([a-z_0-9]+)/g)].map((m) => SHIP_TO_WORDS[m[1]] ?? m[1])
}
