/**
 * `validateAgainstOpenApi` on Stripe's own description (vendor-specs/stripe/spec3.yaml,
 * 4 MB, parsed once): a customer from Stripe's fixtures passes, a changed type does not,
 * errors fall back to the `default` response, and unknown paths are refused loudly.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedPath } from '../support/shared'
import { validateAgainstOpenApi } from './openapi'

const SPEC = sharedPath('vendor-specs', 'stripe', 'spec3.yaml')
const fixtures = JSON.parse(readFileSync(sharedPath('vendor-specs', 'stripe', 'fixtures3.json'), 'utf8')).resources as Record<string, Record<string, unknown>>
// The 2026 fixture's discount has a newer shape than the 2023 description; the rest is stable.
const customer = { ...fixtures.customer, discount: null }

describe('validateAgainstOpenApi on Stripe', () => {
  it('accepts a customer as Stripe describes it, through the path template', () => {
    expect(validateAgainstOpenApi(SPEC, 'GET', '/v1/customers/cus_QXg1o8vcGmoR32', 200, customer)).toEqual({ valid: true, errors: [], template: '/v1/customers/{customer}', responseKey: '200' })
  })

  it('names the field whose type is wrong', () => {
    const check = validateAgainstOpenApi(SPEC, 'GET', '/v1/customers/cus_1', 200, { ...customer, created: '2026-11-25' })
    expect(check.valid).toBe(false)
    expect(check.errors).toContain('created: must be integer')
  })

  it('shows where the 2023 description and the current fixtures part ways (the discount object)', () => {
    const check = validateAgainstOpenApi(SPEC, 'GET', '/v1/customers/cus_1', 200, fixtures.customer)
    expect(check.errors).toContain("discount: must have required property 'coupon'")
  })

  it('checks an error body against the default response', () => {
    const check = validateAgainstOpenApi(SPEC, 'GET', '/v1/customers/cus_nope', 404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such customer', param: 'id' } })
    expect(check).toMatchObject({ valid: true, responseKey: 'default' })
    expect(validateAgainstOpenApi(SPEC, 'GET', '/v1/customers/cus_nope', 404, { message: 'nope' }).valid).toBe(false)
  })

  it('prefers a literal path over a template, and refuses a path the description lacks', () => {
    expect(validateAgainstOpenApi(SPEC, 'GET', '/v1/customers/search', 200, { object: 'search_result', data: [customer], has_more: false, url: '/v1/customers/search', next_page: null }).template).toBe('/v1/customers/search')
    expect(() => validateAgainstOpenApi(SPEC, 'GET', '/v1/nothing-here', 200, {})).toThrow('The description has no GET /v1/nothing-here')
  })
})
