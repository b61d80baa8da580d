/**
 * The shapes Patchbay reads from ShipStation, as zod schemas: only the fields it uses, the
 * rest passes through. An answer that does not match is an ApiChangedError (the toolkit).
 */
import { z } from 'zod'

const address = z.looseObject({
  name: z.string().nullish(),
  phone: z.string().nullish(),
  email: z.string().nullish(),
  company_name: z.string().nullish(),
  address_line1: z.string().nullish(),
  address_line2: z.string().nullish(),
  city_locality: z.string().nullish(),
  state_province: z.string().nullish(),
  postal_code: z.string().nullish(),
  country_code: z.string().nullish()
})

const weight = z.looseObject({ value: z.number(), unit: z.string() })

/** A shipment (spec: `shipment`). */
export const shipmentSchema = z.looseObject({
  shipment_id: z.string(),
  external_shipment_id: z.string().nullish(),
  shipment_status: z.enum(['pending', 'processing', 'label_purchased', 'cancelled']),
  created_at: z.string(),
  modified_at: z.string(),
  carrier_id: z.string().nullish(),
  ship_date: z.string().nullish(),
  ship_to: address,
  items: z.array(z.looseObject({ name: z.string().nullish(), quantity: z.number().nullish(), sku: z.string().nullish() })).nullish(),
  packages: z.array(z.looseObject({ weight: weight.nullish(), tracking_number: z.string().nullish() })).nullish(),
  total_weight: weight.nullish(),
  tags: z.array(z.looseObject({ name: z.string() })).nullish()
})
export type Shipment = z.infer<typeof shipmentSchema>

/** A page of `GET /v2/shipments` (spec: `list_shipments_response_body`). */
export const shipmentPageSchema = z.looseObject({ shipments: z.array(shipmentSchema), total: z.number(), page: z.number(), pages: z.number() })

/** `POST /v2/shipments` (spec: `create_shipments_response_body`). */
export const createAnswerSchema = z.looseObject({ has_errors: z.boolean(), shipments: z.array(shipmentSchema.extend({ errors: z.array(z.string()).nullish() })) })

/** `GET /v2/carriers`. */
export const carriersSchema = z.looseObject({ carriers: z.array(z.looseObject({ carrier_id: z.string(), carrier_code: z.string().nullish(), friendly_name: z.string().nullish() })) })

/** `GET /v2/warehouses`. */
export const warehousesSchema = z.looseObject({
  warehouses: z.array(z.looseObject({ warehouse_id: z.string(), name: z.string().nullish(), is_default: z.boolean().nullish(), origin_address: address.nullish() }))
})
export type Warehouse = z.infer<typeof warehousesSchema>['warehouses'][number]
