/**
 * ShipStation's error answers: `{request_id, errors: [{error_source, error_type,
 * error_code, message}]}` (the spec's `error_response_body`; docs.shipstation.com error
 * handling guide and error-codes reference). Thrown by the routes, sent by the server.
 */
import { randomUUID } from 'node:crypto'

/** One entry of the `errors` array. */
export interface ShipStationErrorItem {
  error_source: 'ShipStation' | 'carrier' | 'order_source'
  error_type: 'account_status' | 'business_rules' | 'validation' | 'security' | 'system' | 'integrations'
  error_code: string
  message: string
}

/** An answer other than success, with ShipStation's body. */
export class ShipStationError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ShipStationErrorItem[],
    readonly headers: Record<string, string> = {}
  ) {
    super(errors.map((e) => e.message).join('; '))
  }

  /** The body as ShipStation sends it. */
  body(): { request_id: string; errors: ShipStationErrorItem[] } {
    return { request_id: randomUUID(), errors: this.errors }
  }
}

const item = (error_type: ShipStationErrorItem['error_type'], error_code: string, message: string): ShipStationErrorItem => ({ error_source: 'ShipStation', error_type, error_code, message })

/** 401: no key, or a key the account does not have (any more). */
export const unauthorized = (): ShipStationError => new ShipStationError(401, [item('security', 'unauthorized', 'The API key is invalid.')])

/** 429 with `Retry-After` in seconds (docs.shipstation.com/rate-limits); `null` sends none. */
export const rateLimited = (retryAfterSec: number | null): ShipStationError =>
  new ShipStationError(429, [item('system', 'rate_limit_exceeded', 'You have exceeded the rate limit.')], retryAfterSec === null ? {} : { 'retry-after': String(retryAfterSec) })

/** 404 for an id the account does not have. */
export const notFound = (what: string, id: string): ShipStationError => new ShipStationError(404, [item('validation', 'invalid_identifier', `${what} '${id}' was not found`)])

/** 400 for a field missing or of the wrong kind. */
export const badField = (code: 'field_value_required' | 'invalid_field_value' | 'request_body_required', message: string): ShipStationError => new ShipStationError(400, [item('validation', code, message)])

/** 400 for a ship-to address the validator refuses, one entry per field. */
export const invalidAddress = (messages: string[]): ShipStationError => new ShipStationError(400, messages.map((m) => item('validation', 'invalid_address', m)))

/** 400 for an action the shipment's status does not allow. */
export const invalidStatus = (message: string): ShipStationError => new ShipStationError(400, [item('business_rules', 'invalid_status', message)])

/** 400 for an `external_shipment_id` already used (docs: "must be unique… If you provide a duplicate ID, you receive an error message"). */
export const duplicateExternalId = (id: string): ShipStationError => new ShipStationError(400, [item('validation', 'identifier_conflict', `A shipment with external_shipment_id '${id}' already exists`)])
