/** The New sync page's payment templates build the same mapping the accounting engine expects. */
import { describe, expect, it } from 'vitest'
import { accountingSyncs } from '../../src/main/accounting'
import { TEMPLATES } from '../../src/main/calls/templates'

const realtime = accountingSyncs('stripe-quickbooks-realtime', { stripe: 's', quickbooks: 'q', timeZone: 'UTC' })[0]
const squareRealtime = accountingSyncs('square-quickbooks-realtime', { square: 's', quickbooks: 'q', timeZone: 'UTC' })[0]

describe.each(['payments-accounting', 'sales-accounting-nightly'])('the %s template', (id) => {
  const template = TEMPLATES.find((t) => t.id === id)!

  it('pairs Stripe with QuickBooks by the case-sensitive Stripe id', () => {
    expect(template.left.systems).toEqual(['stripe'])
    expect(template.right.systems).toEqual(['quickbooks'])
    expect(template.matchField).toBe(realtime.match.field)
    expect(template.matchNormalise).toEqual(realtime.match.normalise)
  })

  it('offers every field the accounting sync maps, with the same names on each side', () => {
    for (const m of realtime.mapping) {
      const f = template.fields.find((x) => x.name === m.name)
      expect(f, `field ${m.name}`).toBeDefined()
      expect(f!.left[0], `${m.name} on Stripe`).toBe(m.left)
      expect(f!.right, `${m.name} in QuickBooks`).toContain(m.right)
      expect((f!.fromLeft ?? []).map((t) => t.kind), `${m.name} transforms`).toEqual(m.fromLeft.map((t) => t.kind))
    }
  })

})

describe.each(['square-payments-accounting', 'square-sales-accounting-nightly'])('the %s template', (id) => {
  const template = TEMPLATES.find((t) => t.id === id)!

  it('pairs Square with QuickBooks by the case-sensitive Square id', () => {
    expect(template.left.systems).toEqual(['square'])
    expect(template.right.systems).toEqual(['quickbooks'])
    expect(template.matchField).toBe(squareRealtime.match.field)
  })

  it('offers every field the Square accounting sync maps, under Square’s names', () => {
    for (const m of squareRealtime.mapping) {
      const f = template.fields.find((x) => x.name === m.name)
      expect(f, `field ${m.name}`).toBeDefined()
      expect(f!.left[0], `${m.name} on Square`).toBe(m.left)
      expect(f!.right, `${m.name} in QuickBooks`).toContain(m.right)
      expect((f!.fromLeft ?? []).map((t) => t.kind), `${m.name} transforms`).toEqual(m.fromLeft.map((t) => t.kind))
    }
  })
})
