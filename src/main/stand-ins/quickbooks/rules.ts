/**
 * The business rules the fake enforces on every write, as QuickBooks does: only
 * properties the XSD knows (2010), references that exist (2500) and are active (610),
 * the current SyncToken (5010), open books (6210), the company's currency settings,
 * unique names (6240). It also computes what QuickBooks computes: line ids, totals
 * (exact decimal arithmetic), balances, default currency.
 */
import type { QboEntity } from '../../connectors/quickbooks/api'
import { currencyDecimals, decimalToMinor, minorToDecimal } from '../../connectors/quickbooks/amounts'
import { faults } from './faults'
import { NAME_LISTS, type FakeCompany } from './store'

const ACCOUNT_REFS = new Set(['AccountRef', 'DepositToAccountRef', 'IncomeAccountRef', 'ExpenseAccountRef', 'AssetAccountRef', 'ARAccountRef'])
const REQUIRED: Record<string, string[]> = {
  Customer: ['DisplayName'],
  Item: ['Name', 'Type'],
  Account: ['Name', 'AccountType'],
  SalesReceipt: ['Line'],
  Invoice: ['Line', 'CustomerRef'],
  RefundReceipt: ['Line', 'DepositToAccountRef'],
  CreditMemo: ['Line', 'CustomerRef'],
  Payment: ['CustomerRef', 'TotalAmt'],
  Purchase: ['AccountRef', 'PaymentType', 'Line'],
  Deposit: ['DepositToAccountRef', 'Line']
}

/** Every `…Ref` object in a body, with the property name that holds it. */
function refs(value: unknown, name = ''): { name: string; ref: { value?: string; type?: string } }[] {
  if (Array.isArray(value)) return value.flatMap((v) => refs(v, name))
  if (!value || typeof value !== 'object') return []
  const out: { name: string; ref: { value?: string; type?: string } }[] = []
  if (name.endsWith('Ref')) out.push({ name, ref: value as { value?: string } })
  for (const [k, v] of Object.entries(value)) out.push(...refs(v, k))
  return out
}

function targetOf(name: string, ref: { type?: string }): string | undefined {
  if (ACCOUNT_REFS.has(name)) return 'Account'
  if (name === 'EntityRef') return ref.type ?? 'Vendor'
  return { CustomerRef: 'Customer', ItemRef: 'Item', TaxCodeRef: 'TaxCode', TxnTaxCodeRef: 'TaxCode', PaymentMethodRef: 'PaymentMethod' }[name]
}

/** Checks shape, required fields and references of an entity about to be stored. */
export function checkEntity(co: FakeCompany, entity: string, body: QboEntity, sent: QboEntity): void {
  const problems = co.checkXsd ? co.checkXsd.check(sent, co.checkXsd.entityType(entity), entity) : []
  if (problems.length) throw faults.unsupportedProperty(problems[0].split(':')[0])
  for (const f of REQUIRED[entity] ?? []) if (body[f] === undefined || body[f] === null || (Array.isArray(body[f]) && (body[f] as unknown[]).length === 0)) throw faults.required(f)
  for (const { name, ref } of refs(body)) {
    const target = targetOf(name, ref)
    if (!target || ref.value === undefined) continue
    // US companies use the pseudo tax codes TAX and NON on lines.
    if (target === 'TaxCode' && (ref.value === 'TAX' || ref.value === 'NON')) continue
    const found = co.find(target, String(ref.value))
    if (!found) throw faults.invalidReference(name, String(ref.value))
    if (found.Active === false) throw faults.inactive(`${name} ${ref.value}`)
  }
  if (entity === 'Customer' || entity === 'Item') {
    const key = entity === 'Customer' ? 'DisplayName' : 'Name'
    const clash = co.list(entity).find((e) => e.Id !== body.Id && String(e[key]).toLowerCase() === String(body[key]).toLowerCase())
    if (clash) throw faults.duplicateName()
  }
  if (!NAME_LISTS.has(entity)) checkMoney(co, entity, body)
}

/** Refuses dates in closed books; an update checks the old and the new date. */
export function checkPeriod(co: FakeCompany, entity: string, ...dates: (unknown | undefined)[]): void {
  const close = co.prefs.closingDate
  if (!close || NAME_LISTS.has(entity)) return
  for (const d of dates) if (typeof d === 'string' && d <= close) throw faults.periodClosed()
}

function checkMoney(co: FakeCompany, entity: string, body: QboEntity): void {
  const currency = String((body.CurrencyRef as { value?: string } | undefined)?.value ?? co.prefs.homeCurrency)
  if (currency !== co.prefs.homeCurrency && !co.prefs.multiCurrency) throw faults.currencyOff(currency)
  const customerId = (body.CustomerRef as { value?: string } | undefined)?.value
  if (customerId && co.prefs.multiCurrency) {
    const own = String((co.find('Customer', customerId)?.CurrencyRef as { value?: string } | undefined)?.value ?? co.prefs.homeCurrency)
    if (own !== currency) throw faults.currencyMismatch(currency, own)
  }
}

/** What QuickBooks fills in: currency, line ids, totals, balances, today's date. */
export function complete(co: FakeCompany, entity: string, body: QboEntity): QboEntity {
  const out = structuredClone(body)
  if (entity === 'Customer' && !out.CurrencyRef) out.CurrencyRef = { value: co.prefs.homeCurrency }
  if (NAME_LISTS.has(entity)) return out
  out.TxnDate ??= co.today()
  const currency = String((out.CurrencyRef as { value?: string } | undefined)?.value ?? co.prefs.homeCurrency)
  out.CurrencyRef = { value: currency }
  if (co.prefs.multiCurrency && out.ExchangeRate === undefined) out.ExchangeRate = 1
  const places = currencyDecimals(currency)
  const lines = (out.Line as Record<string, unknown>[] | undefined) ?? []
  lines.forEach((l, i) => {
    l.Id ??= String(i + 1)
    if (l.DetailType !== 'SubTotalLineDetail') l.LineNum ??= i + 1
  })
  const minor = (v: unknown) => (v === undefined || v === null ? 0 : decimalToMinor(v as number, places, 'Amount'))
  if (entity !== 'Payment') {
    let total = lines.filter((l) => l.DetailType !== 'SubTotalLineDetail').reduce((n, l) => n + minor(l.Amount), 0)
    total += minor((out.TxnTaxDetail as { TotalTax?: number } | undefined)?.TotalTax)
    out.TotalAmt = Number(minorToDecimal(total, places))
  }
  if (entity === 'Invoice') out.Balance = out.TotalAmt
  return out
}

/** A payment reduces the balance of the invoices it links to. */
export function applyPayment(co: FakeCompany, payment: QboEntity): void {
  for (const line of (payment.Line as { Amount?: number; LinkedTxn?: { TxnId: string; TxnType: string }[] }[] | undefined) ?? []) {
    for (const link of line.LinkedTxn ?? []) {
      if (link.TxnType !== 'Invoice') continue
      const inv = co.find('Invoice', link.TxnId)
      if (!inv) throw faults.invalidReference('LinkedTxn', link.TxnId)
      const places = currencyDecimals(String((inv.CurrencyRef as { value?: string }).value))
      const balance = decimalToMinor(inv.Balance as number, places) - decimalToMinor(line.Amount ?? 0, places)
      co.editAsUser('Invoice', link.TxnId, { Balance: Number(minorToDecimal(balance, places)) })
    }
  }
}
