/**
 * Posting a batch of accounting records to QuickBooks. For each record Patchbay works
 * out the transactions it should have (compose.ts), looks up what QuickBooks already
 * holds for it (posted.ts), and sends only the difference: missing parts are created,
 * parts of a changed record are updated with the SyncToken Patchbay last read, parts of a
 * record that no longer moves money (a payment that failed after all, a dispute won)
 * are deleted. New customers and items go first, Payments for new Invoices last: three
 * batch calls at most, each of up to 30 operations.
 */
import type { Fields } from '../../shared/domain'
import { RecordError } from '../errors'
import type { WriteItem, WriteOutcome } from '../connectors/types'
import type { QboEntity, QuickBooksApi } from '../connectors/quickbooks/api'
import { sendBatches, type BatchOp, type BatchStats } from '../connectors/quickbooks/batch'
import type { SyncTokens } from '../connectors/quickbooks/entity-adapter'
import { recordErrorFor } from '../connectors/quickbooks/faults'
import type { Books, Ref } from './books'
import { composeParts, paymentPart, type Part, type Resolved } from './compose'
import type { CustomerDirectory } from './customers'
import type { HeldRecords } from './held'
import type { AccountingMapping } from './mapping'
import { findPostings, readPosting, type Posting } from './posted'
import { alreadySays } from './same'
import { kindOf, postingState, readRecord, type AccountingRecord } from './record'
import { resolveAccounts, resolveNeeds, type Creates, type Pending } from './resolve'

/** What posting needs from the adapter. */
export interface PostContext {
  api: QuickBooksApi
  books: Books
  directory: CustomerDirectory
  mapping: AccountingMapping
  held: HeldRecords
  tokens: SyncTokens
  stats: BatchStats
}

interface Plan {
  item: WriteItem
  id: string
  record?: AccountingRecord
  fields?: Fields
  state?: 'post' | 'hold' | 'none'
  parts: Part[]
  resolved?: Resolved
  error?: RecordError
  done: string[]
  mainId?: string
}

/** A RecordError stays with its record; anything else (a ConfigError, an outage) stops the batch. */
const asRecordError = (e: unknown): RecordError => {
  if (e instanceof RecordError) return e
  throw e
}

/** The transaction types a batch of records may already have in QuickBooks (each costs one query). */
function entitiesFor(m: AccountingMapping, items: WriteItem[], idOf: (i: WriteItem) => string): string[] {
  const out = new Set<string>()
  for (const i of items) {
    let kind: string
    try {
      kind = kindOf(idOf(i), i.op === 'delete' ? null : i.fields.kind)
    } catch {
      continue
    }
    const fee = i.op === 'create' ? Number(i.fields.fee ?? 0) : NaN
    if (kind === 'sale') out.add(m.salesAs === 'invoice' ? 'Invoice' : 'SalesReceipt')
    if (kind === 'refund') out.add(m.refundsAs === 'credit-memo' ? 'CreditMemo' : 'RefundReceipt')
    if (kind === 'dispute' || kind === 'fee' || !(fee <= 0)) out.add('Purchase')
    if (kind === 'payout' || !(fee >= 0)) out.add('Deposit')
  }
  return [...out]
}

/** Posts `items`; outcomes follow their order. ConfigErrors (the mapping's accounts) stop the batch. */
export async function postItems(ctx: PostContext, items: WriteItem[]): Promise<WriteOutcome[]> {
  const { api, books, mapping, held } = ctx
  books.fresh()
  const accounts = await resolveAccounts(books, mapping)
  const prefs = await books.prefs()
  await ctx.directory.refresh()
  const idOf = (i: WriteItem) => (i.op === 'create' ? String(i.fields.stripe_id ?? '').trim() : i.id)
  const postings = await findPostings(api, items.map(idOf).filter(Boolean), entitiesFor(mapping, items, idOf))
  const plans: Plan[] = items.map((item) => ({ item, id: idOf(item), parts: [], done: [] }))
  for (const p of plans) {
    if (p.item.op === 'delete') continue
    try {
      const base = p.item.op === 'update' ? (held.get(p.id) ?? readPosting(p.id, postings.get(p.id) ?? new Map()) ?? {}) : {}
      p.fields = { ...base, ...p.item.fields, ...(p.id ? { stripe_id: p.id } : {}) }
      p.record = readRecord(p.fields, p.id || undefined)
      p.id = p.record.stripeId
      p.state = postingState(p.record)
    } catch (e) {
      p.error = asRecordError(e)
    }
  }
  await inheritPayers(ctx, plans)
  if (mapping.salesAs === 'invoice') {
    const dates = [...new Set(plans.flatMap((p) => (p.record ? [p.record.date] : [])))]
    for (const [id, found] of await findPostings(api, plans.map((p) => p.id), ['Payment'], dates)) {
      const payment = found.get('payment')
      if (payment) postings.set(id, (postings.get(id) ?? new Map()).set('payment', payment))
    }
  }
  const creates: Creates = { items: new Map(), customers: new Map() }
  const needs = new Map<Plan, Awaited<ReturnType<typeof resolveNeeds>>>()
  for (const p of plans) {
    if (p.error || p.state !== 'post' || !p.record) continue
    try {
      needs.set(p, await resolveNeeds(p.record, mapping, books, ctx.directory, creates))
    } catch (e) {
      p.error = asRecordError(e)
    }
  }
  const made = await createPrerequisites(ctx, creates)
  for (const [p, n] of needs) {
    try {
      const customer = n.customer ? pick(n.customer, made.customers, 'customer') : undefined
      const lines = n.lines.map((l) => ({ item: pick(l.item, made.items, 'item'), taxCode: l.taxCode }))
      p.resolved = { ...accounts, mapping, prefs, customer, lines }
      p.parts = composeParts(p.record!, p.resolved)
    } catch (e) {
      p.error = asRecordError(e)
    }
  }
  await applyParts(ctx, plans, postings)
  if (mapping.salesAs === 'invoice') await applyPayments(ctx, plans, postings)
  return plans.map((p) => outcome(p, held))
}

/** A refund carries no email in Stripe: it takes the customer of the payment it refunds, as posted. */
async function inheritPayers(ctx: PostContext, plans: Plan[]): Promise<void> {
  const orphans = plans.filter((p) => p.record?.kind === 'refund' && !p.record.customerEmail && p.record.charge)
  if (orphans.length === 0) return
  const sales = await findPostings(ctx.api, orphans.map((p) => p.record!.charge!), [ctx.mapping.salesAs === 'invoice' ? 'Invoice' : 'SalesReceipt'])
  for (const p of orphans) {
    const email = (sales.get(p.record!.charge!)?.get('main')?.BillEmail as { Address?: string } | undefined)?.Address
    if (email) p.record!.customerEmail = email.toLowerCase()
  }
}

function pick(p: Pending, made: Map<string, Ref | RecordError>, what: string): Ref {
  if ('ref' in p) return p.ref
  const got = made.get(p.pending)
  if (!got) throw new RecordError(`the new ${what} was not created`)
  if (got instanceof RecordError) throw new RecordError(`Patchbay could not create the ${what} this needs: ${got.message}`, { hint: got.meta.hint })
  return got
}

async function createPrerequisites(ctx: PostContext, creates: Creates): Promise<{ items: Map<string, Ref | RecordError>; customers: Map<string, Ref | RecordError> }> {
  const keys = [...[...creates.items].map(([k, body]) => ({ list: 'items' as const, k, entity: 'Item', body })), ...[...creates.customers].map(([k, body]) => ({ list: 'customers' as const, k, entity: 'Customer', body }))]
  const made = { items: new Map<string, Ref | RecordError>(), customers: new Map<string, Ref | RecordError>() }
  if (keys.length === 0) return made
  const answers = await sendBatches(ctx.api, keys.map((x) => ({ operation: 'create', entity: x.entity, body: x.body })), ctx.stats)
  keys.forEach((x, i) => {
    const a = answers[i]
    if (a.fault) return made[x.list].set(x.k, recordErrorFor(a.fault, `the new ${x.entity} "${String(x.body.DisplayName ?? x.body.Name)}"`))
    const e = a.entity!
    if (x.entity === 'Customer') ctx.directory.add(e)
    else ctx.books.remember('Item', e)
    made[x.list].set(x.k, { value: String(e.Id), name: String(e.DisplayName ?? e.Name) })
  })
  return made
}

function tokenOf(ctx: PostContext, part: QboEntity & { entity: string }): string {
  // The SyncToken of Patchbay's last read, so a change made in QuickBooks since is never overwritten.
  return ctx.tokens.get(`${part.entity}:${part.Id}`) ?? String(part.SyncToken)
}

async function applyParts(ctx: PostContext, plans: Plan[], postings: Map<string, Posting>): Promise<void> {
  const ops: { plan: Plan; op: BatchOp; label: string }[] = []
  for (const p of plans) {
    if (p.error) continue
    const posting = postings.get(p.id) ?? new Map()
    const wanted = new Set(p.parts.map((x) => x.role))
    for (const part of p.parts) {
      const existing = posting.get(part.role)
      if (!existing) ops.push({ plan: p, op: { operation: 'create', entity: part.entity, body: part.body }, label: `${part.role} ${part.entity}` })
      else if (p.item.op === 'update' && existing.entity === part.entity && !alreadySays(part.body, existing)) {
        ops.push({ plan: p, op: { operation: 'update', entity: part.entity, body: { ...part.body, Id: existing.Id, SyncToken: tokenOf(ctx, existing), sparse: true } }, label: `${part.role} ${part.entity}` })
      } else p.done.push(`${part.role} ${existing.entity}`)
      if (part.role === 'main' && existing) p.mainId = String(existing.Id)
    }
    // A record that no longer moves money (or was deleted) takes its transactions with it.
    if (p.item.op !== 'create') {
      for (const [role, existing] of posting) {
        if (!wanted.has(role)) ops.push({ plan: p, op: { operation: 'delete', entity: existing.entity, body: { Id: existing.Id, SyncToken: tokenOf(ctx, existing) } }, label: `${role} ${existing.entity}` })
      }
    }
  }
  const answers = await sendBatches(ctx.api, ops.map((o) => o.op), ctx.stats)
  ops.forEach(({ plan, op, label }, i) => {
    const a = answers[i]
    if (a.fault) {
      plan.error ??= recordErrorFor(a.fault, `the ${op.entity} for ${plan.id}`, { recordId: plan.id })
      return
    }
    const e = a.entity ?? {}
    if (e.Id && e.SyncToken !== undefined) ctx.tokens.set(`${op.entity}:${e.Id}`, String(e.SyncToken))
    if (op.operation !== 'delete') plan.done.push(label)
    if (label.startsWith('main') && op.operation !== 'delete') plan.mainId = String(e.Id)
  })
}

async function applyPayments(ctx: PostContext, plans: Plan[], postings: Map<string, Posting>): Promise<void> {
  const todo = plans.filter((p) => !p.error && p.resolved && p.record?.kind === 'sale' && p.state === 'post' && p.mainId && !postings.get(p.id)?.get('payment'))
  const parts = todo.map((p) => paymentPart(p.record!, p.resolved!, p.mainId!))
  const answers = await sendBatches(ctx.api, parts.map((x) => ({ operation: 'create', entity: x.entity, body: x.body })), ctx.stats)
  todo.forEach((p, i) => {
    if (answers[i].fault) p.error = recordErrorFor(answers[i].fault!, `the Payment for ${p.id}`, { recordId: p.id })
    else p.done.push('payment Payment')
  })
}

function outcome(p: Plan, held: HeldRecords): WriteOutcome {
  if (p.error) {
    const posted = p.done.length ? ` (already in QuickBooks: ${p.done.join(', ')}; a retry posts only what is missing)` : ''
    return { ref: p.item.ref, ok: false, error: new RecordError(`${p.id || 'A record'}: ${p.error.message}${posted}`, { ...p.error.meta, recordId: p.id }) }
  }
  if (p.fields && p.state !== 'post') held.set(p.id, p.fields)
  else held.delete(p.id)
  return { ref: p.item.ref, ok: true, id: p.id }
}
