/**
 * Money at the QuickBooks edge: integer minor units in Patchbay, decimals in QuickBooks'
 * JSON, converted by digits and never by float arithmetic, in every currency's own
 * number of decimal places.
 */
import { describe, expect, it } from 'vitest'
import { currencyDecimals, Decimal, decimalToMinor, minorToDecimal, toQboJson } from '../../../src/main/connectors/quickbooks/amounts'

describe('amounts between Patchbay and QuickBooks', () => {
  it('writes minor units as exact decimals in each currency’s places', () => {
    expect([minorToDecimal(1999, 2), minorToDecimal(5, 2), minorToDecimal(-5, 2), minorToDecimal(0, 2)]).toEqual(['19.99', '0.05', '-0.05', '0.00'])
    expect([currencyDecimals('jpy'), currencyDecimals('KWD'), currencyDecimals('EUR')]).toEqual([0, 3, 2])
    expect(Decimal.of(1500, 'JPY').text).toBe('1500')
    expect(Decimal.of(12345, 'KWD').text).toBe('12.345')
    expect(Decimal.of(900719925474099, 'USD').text).toBe('9007199254740.99')
  })

  it('reads QuickBooks decimals back exactly, whatever float rounding would do', () => {
    expect(() => decimalToMinor(0.1 + 0.2, 2)).toThrow('cannot read exactly')
    expect(decimalToMinor(19.99, 2)).toBe(1999)
    expect(decimalToMinor(1.005, 3)).toBe(1005)
    expect(decimalToMinor('12.50', 2)).toBe(1250)
    expect(decimalToMinor(-0.05, 2)).toBe(-5)
    expect(decimalToMinor(4.1, 2)).toBe(410)
    expect(() => decimalToMinor(1.234, 2)).toThrow('more decimal places')
    expect(() => decimalToMinor(1e21, 2)).toThrow('cannot read exactly')
  })

  it('puts the exact digits into the JSON body', () => {
    const body = { TotalAmt: Decimal.of(1999, 'USD'), Line: [{ Amount: new Decimal('0.10') }, { Amount: Decimal.of(-1, 'USD') }], Note: 'x' }
    expect(toQboJson(body)).toBe('{"TotalAmt":19.99,"Line":[{"Amount":0.10},{"Amount":-0.01}],"Note":"x"}')
  })

  it('keeps a thousand line amounts summing to the cent', () => {
    const minors = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % 10_000))
    const sent = JSON.parse(toQboJson(minors.map((m) => Decimal.of(m, 'USD')))) as number[]
    const back = sent.reduce((n, v) => n + decimalToMinor(v, 2), 0)
    expect(back).toBe(minors.reduce((a, b) => a + b, 0))
  })
})
