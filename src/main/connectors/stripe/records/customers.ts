/** Customers as flat fields, and the fields Patchbay may write back. */
import type { Fields } from '../../../../shared/domain'
import type { FieldInfo } from '../../types'
import type { Customer } from '../schemas'
import { describe, iso, metadataFields } from './common'

/** The fields of a `customers` record. */
export const CUSTOMER_FIELDS: FieldInfo[] = describe({
  id: 'string',
  email: 'email',
  name: 'string',
  phone: 'phone',
  description: 'string',
  currency: 'string',
  balance: 'money',
  delinquent: 'boolean',
  created: 'date',
  address_line1: 'string',
  address_line2: 'string',
  address_city: 'string',
  address_postal_code: 'string',
  address_state: 'string',
  address_country: 'string'
})

/** Record field → Stripe form parameter, for the fields a sync may write. */
export const WRITABLE_CUSTOMER_FIELDS: Record<string, string> = {
  email: 'email',
  name: 'name',
  phone: 'phone',
  description: 'description',
  address_line1: 'address[line1]',
  address_line2: 'address[line2]',
  address_city: 'address[city]',
  address_postal_code: 'address[postal_code]',
  address_state: 'address[state]',
  address_country: 'address[country]'
}

/** A customer as a record. */
export function customerFields(c: Customer): Fields {
  return {
    id: c.id,
    email: c.email ?? null,
    name: c.name ?? null,
    phone: c.phone ?? null,
    description: c.description ?? null,
    currency: c.currency ?? null,
    balance: c.balance ?? null,
    delinquent: c.delinquent ?? null,
    created: iso(c.created),
    address_line1: c.address?.line1 ?? null,
    address_line2: c.address?.line2 ?? null,
    address_city: c.address?.city ?? null,
    address_postal_code: c.address?.postal_code ?? null,
    address_state: c.address?.state ?? null,
    address_country: c.address?.country ?? null,
    ...metadataFields(c.metadata)
  }
}
