/**
 * Money at the QuickBooks edge. Patchbay keeps amounts as integers in minor units
 * (cents); QuickBooks' JSON carries decimals. Conversion is string arithmetic on the
 * digits, never a float multiplication, and outgoing bodies write each amount's exact
 * decimal text into the JSON.
 *
 * Incoming numbers arrive already parsed by JSON.parse; JavaScript prints a double by its
 * shortest round-trip form, which is the exact text QuickBooks sent for every amount of
 * at most 15 significant digits (anything under ten trillion with cents). Longer ones
 * are refused rather than rounded.
 */
import { ApiChangedError, RecordError } from '../../errors'

const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'])
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'])

/** Digits after the decimal point for an ISO 4217 currency (ISO's minor unit). */
export function currencyDecimals(currency: string): number {
  const c = currency.toUpperCase()
  return ZERO_DECIMAL.has(c) ? 0 : THREE_DECIMAL.has(c) ? 3 : 2
}

/** 1999, 2 → "19.99"; -5, 2 → "-0.05"; 500, 0 → "500". */
export function minorToDecimal(minor: number, decimals: number): string {
  if (!Number.isSafeInteger(minor)) throw new RecordError(`the amount ${minor} is not a whole number of minor units`)
  const sign = minor < 0 ? '-' : ''
  const digits = String(Math.abs(minor)).padStart(decimals + 1, '0')
  if (decimals === 0) return sign + digits
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
}

/** "19.99" or 19.99, 2 → 1999, exactly; more decimals than the currency has is an error. */
export function decimalToMinor(value: number | string, decimals: number, what = 'amount'): number {
  const text = typeof value === 'number' ? numberText(value, what) : value.trim()
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) throw new ApiChangedError(`QuickBooks sent ${what} "${text}", which is not a decimal amount`, text)
  const frac = (m[3] ?? '').replace(/0+$/, '')
  if (frac.length > decimals) throw new ApiChangedError(`QuickBooks sent ${what} ${text} with more decimal places than its currency has`, text)
  const minor = Number(m[2] + frac.padEnd(decimals, '0'))
  if (!Number.isSafeInteger(minor)) throw new ApiChangedError(`QuickBooks sent ${what} ${text}, too large to keep exactly`, text)
  return m[1] && minor !== 0 ? -minor : minor
}

function numberText(n: number, what: string): string {
  const text = String(n)
  if (!Number.isFinite(n) || /e/i.test(text) || text.replace(/[-.]/g, '').replace(/^0+/, '').length > 15) {
    throw new ApiChangedError(`QuickBooks sent ${what} ${text}, which Patchbay cannot read exactly`, text)
  }
  return text
}

/** An amount to write into a QuickBooks body as its exact decimal text. */
export class Decimal {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RecordError(`"${text}" is not a decimal amount`)
  }
  /** Minor units in `currency` as a Decimal. */
  static of(minor: number, currency: string): Decimal {
    return new Decimal(minorToDecimal(minor, currencyDecimals(currency)))
  }
  toJSON(): string {
    return `\u0000dec:${this.text}\u0000`
  }
}

/** JSON text of a request body with every `Decimal` written as a bare JSON number. */
export function toQboJson(body: unknown): string {
  return JSON.stringify(body).replace(/"\\u0000dec:(-?\d+(?:\.\d+)?)\\u0000"/g, '$1')
}
