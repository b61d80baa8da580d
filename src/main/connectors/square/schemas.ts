/**
 * The parts of Square's answers the connector reads, as zod schemas: anything else may
 * come and go, but a missing id, amount or list is Square's API having changed
 * (ApiChangedError, through the toolkit).
 */
import { z } from 'zod'

const money = z.looseObject({ amount: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/) })
const fees = z.array(z.looseObject({ amount_money: money, type: z.string().optional() })).optional()

/** A payment. */
export const paymentSchema = z.looseObject({
  id: z.string().min(1),
  created_at: z.string(),
  updated_at: z.string(),
  status: z.string(),
  amount_money: money,
  tip_money: money.optional(),
  total_money: money,
  refunded_money: money.optional(),
  processing_fee: fees,
  location_id: z.string().optional(),
  order_id: z.string().optional(),
  customer_id: z.string().optional(),
  buyer_email_address: z.string().optional(),
  note: z.string().optional(),
  source_type: z.string().optional()
})
export type SquarePayment = z.infer<typeof paymentSchema>

/** A refund. */
export const refundSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  amount_money: money,
  processing_fee: fees,
  payment_id: z.string().optional(),
  order_id: z.string().optional(),
  location_id: z.string().optional(),
  reason: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string()
})
export type SquareRefund = z.infer<typeof refundSchema>

/** A dispute. */
export const disputeSchema = z.looseObject({
  id: z.string().min(1),
  amount_money: money,
  state: z.string(),
  reason: z.string().optional(),
  disputed_payment: z.looseObject({ payment_id: z.string().optional() }).optional(),
  location_id: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string()
})
export type SquareDispute = z.infer<typeof disputeSchema>

/** A customer. */
export const customerSchema = z.looseObject({
  id: z.string().min(1),
  created_at: z.string(),
  updated_at: z.string(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  company_name: z.string().optional(),
  email_address: z.string().optional(),
  phone_number: z.string().optional(),
  reference_id: z.string().optional(),
  note: z.string().optional(),
  version: z.number().int().optional()
})
export type SquareCustomer = z.infer<typeof customerSchema>

/** An order, for its line items. */
export const orderSchema = z.looseObject({
  id: z.string(),
  line_items: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        quantity: z.string(),
        catalog_object_id: z.string().optional(),
        total_money: money.optional(),
        total_tax_money: money.optional(),
        applied_taxes: z.array(z.looseObject({ tax_uid: z.string() })).optional()
      })
    )
    .optional(),
  taxes: z.array(z.looseObject({ uid: z.string().optional(), catalog_object_id: z.string().optional() })).optional()
})
export type SquareOrder = z.infer<typeof orderSchema>

/** A list answer: the items under their plural (absent when there are none) and the next cursor. */
export const listOf = <T extends z.ZodType>(name: string, item: T) => z.looseObject({ [name]: z.array(item).optional(), cursor: z.string().optional() })

export const ordersAnswer = z.looseObject({ orders: z.array(orderSchema).optional() })
export const customersAnswer = z.looseObject({ responses: z.record(z.string(), z.looseObject({ customer: customerSchema.optional() })).optional() })
export const customerAnswer = z.looseObject({ customer: customerSchema })
export const locationsAnswer = z.looseObject({ locations: z.array(z.looseObject({ id: z.string(), name: z.string().optional(), business_name: z.string().optional(), currency: z.string().optional() })).optional() })
