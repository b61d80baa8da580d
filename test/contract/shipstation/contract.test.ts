/**
 * The contract test: every request the ShipStation connector made and every answer the
 * stand-in gave, over a session that reaches every endpoint the connector and the flow
 * use (test, create, a repeated create, a refused address, paged and incremental reads, get
 * by id and by order, cancel, tags, a 404, a revoked key, 429 and 5xx), plus the label
 * endpoints a person's ShipStation app calls, checked against ShipStation's openapi.yaml.
 */
import { describe, expect, it } from 'vitest'
import type { Exchange } from '../../../src/main/stand-ins/recorder'
import { startShipStation } from '../../../src/main/stand-ins/shipstation'
import { drain, openShipStation, orderFields } from '../../connectors/shipstation/helpers'
import { shipstationChecker } from './openapi'

async function exercise(): Promise<Exchange[]> {
  const s = await startShipStation()
  try {
    const session = await openShipStation(s, { settings: { pageSize: 2 } })
    await session.test()
    const shipments = session.object('shipments')
    const made = await shipments.write([1, 2, 3, 4].map((n) => ({ op: 'create' as const, ref: `c${n}`, fields: orderFields(n) })))
    await shipments.write([
      { op: 'create', ref: 'again', fields: orderFields(1) },
      { op: 'create', ref: 'bad', fields: orderFields(9, { ship_to_postcode: 'NOPE', ship_to_country: 'US' }) }
    ])
    const ids = made.map((m) => (m.ok ? m.id : ''))
    const first = await drain(await shipments.listChanged(null))
    const call = (method: string, path: string) => fetch(`${s.url}${path}`, { method, headers: { 'api-key': s.key, 'content-type': 'application/json' }, body: path.startsWith('/v2/labels/shipment/') ? '{"label_format":"pdf"}' : undefined })
    const label = (await (await call('POST', `/v2/labels/shipment/${ids[1]}`)).json()) as { label_id: string }
    await call('GET', `/v2/labels/${label.label_id}`)
    await call('POST', `/v2/labels/shipment/${ids[2]}`)
    await call('PUT', `/v2/labels/${label.label_id}/void`)
    // ShipStation's own refusal to cancel a labelled shipment (the connector asks first and never sends this).
    await call('PUT', `/v2/shipments/${ids[2]}/cancel`)
    await call('GET', '/v2/tags')
    await call('POST', '/v2/tags/fragile')
    await shipments.write([
      { op: 'update', ref: 'u1', id: ids[0], fields: { order_status: 'refunded' } },
      { op: 'update', ref: 'u2', id: ids[2], fields: { order_status: 'cancelled' } },
      { op: 'update', ref: 'u3', id: ids[3], fields: { tags: 'gift, fragile' } }
    ])
    await shipments.write([{ op: 'update', ref: 'u4', id: ids[3], fields: { tags: 'gift' } }])
    s.inject({ kind: '429', retryAfterSec: 0, method: 'GET' })
    s.inject({ kind: '5xx', method: 'GET', path: '/v2/shipments' })
    await drain(await shipments.listChanged(first.cursor))
    await shipments.get([ids[1], 'se-999999'])
    await shipments.findByKey('order', ['#1002', '#9999'], (v) => String(v))
    s.revokeKey()
    await session.test()
    return s.recorder.take()
  } finally {
    await s.close()
  }
}

describe("ShipStation contract: the connector and the stand-in against ShipStation's openapi.yaml", () => {
  it('every recorded request and answer keeps the description', async () => {
    const exchanges = await exercise()
    const check = shipstationChecker()
    const problems = exchanges.flatMap((e) => [...check.checkRequest(e), ...check.checkResponse(e)].map((p) => `${e.seq} ${e.method} ${e.path} (${e.status}): ${p}`))
    expect(problems).toEqual([])
    const used = new Set(exchanges.map((e) => check.operationOf(e.method, e.path)))
    for (const op of [
      'GET /v2/warehouses', 'GET /v2/carriers', 'POST /v2/shipments', 'GET /v2/shipments', 'GET /v2/shipments/{shipment_id}',
      'GET /v2/shipments/external_shipment_id/{external_shipment_id}', 'PUT /v2/shipments/{shipment_id}/cancel',
      'POST /v2/shipments/{shipment_id}/tags/{tag_name}', 'DELETE /v2/shipments/{shipment_id}/tags/{tag_name}',
      'POST /v2/labels/shipment/{shipment_id}', 'GET /v2/labels/{label_id}', 'PUT /v2/labels/{label_id}/void', 'GET /v2/tags', 'POST /v2/tags/{tag_name}'
    ]) expect(used, op).toContain(op)
    expect(new Set(exchanges.map((e) => e.status))).toEqual(new Set([200, 204, 400, 401, 404, 429, 500]))
    const codes = exchanges.flatMap((e) => ((e.responseBody as { errors?: Array<{ error_code: string }> } | undefined)?.errors ?? []).map((x) => x.error_code))
    expect(new Set(codes)).toEqual(new Set(['identifier_conflict', 'invalid_address', 'invalid_status', 'invalid_identifier', 'rate_limit_exceeded', 'unauthorized']))
  })

  it('is not vacuous: it names what breaks the description', () => {
    const check = shipstationChecker()
    const base = { query: {}, requestHeaders: { 'api-key': '[redacted]' }, responseHeaders: {} }
    const bad: Exchange[] = [
      { ...base, seq: 1, method: 'POST', path: '/v2/shipments', requestBody: { shipments: [{ ship_to: { name: 'A' }, packages: [{ weight: { value: 0, unit: 'stone' } }], warehouse_id: 'se-1' }] }, status: 200, responseBody: { has_errors: false, shipments: [{ shipment_id: 'nope' }] } },
      { ...base, seq: 2, method: 'GET', path: '/v2/shipments', query: { page: '0', page_size: 'many', after: 'x' }, requestBody: undefined, status: 200, responseBody: { shipments: [], total: 0, page: 1 } },
      { ...base, seq: 3, method: 'PUT', path: '/v2/shipments/se-1/cancel', requestHeaders: {}, requestBody: undefined, status: 400, responseBody: { message: 'no' } }
    ]
    const found = bad.flatMap((e) => [...check.checkRequest(e), ...check.checkResponse(e)].map((p) => `${e.seq} ${p}`))
    expect(found).toEqual(
      expect.arrayContaining([
        '1 body/shipments/0 must NOT have additional properties',
        expect.stringMatching(/^1 body\/shipments\/0\/packages\/0\/weight\/(value|unit) must/),
        expect.stringMatching(/^1 200 \/shipments\/0 must have required property/),
        '2 query after is not a parameter of GET /v2/shipments',
        expect.stringMatching(/^2 query page\/v must be >= 1/),
        expect.stringMatching(/^2 query page_size\/v must be integer/),
        "2 200  must have required property 'pages'",
        '3 no api-key header',
        "3 400  must have required property 'request_id'"
      ])
    )
  })
})
