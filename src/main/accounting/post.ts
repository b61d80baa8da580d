/**
 * Posting a batch of money records to the books. For each record Patchbay works out the
 * documents it should have (compose.ts), looks up what the books already hold for it (by
 * its source id), and sends only the difference: missing parts are created, parts of a
 * changed record are updated (the books make sure a change made there since Patchbay read
 * it is never overwritten), parts of a record that no longer moves money (a payment that
 * failed after all, a dispute won) are deleted. New customers and items go first,
 * payments for new invoices last: three rounds of writes at most.
 */
import type { Fields } from '../../shared/domain'
import { RecordError } from '../errors'
import type { WriteItem, WriteOutcome } from '../connectors/types'
import type { Books, BooksWrite, DocType, Posting, Ref } from '../connectors/books'
import { composeParts, paymentPart, type Part, type Resolved } from './compose'
import type { HeldRecords } from './held'
import type { AccountingMapping } from './mapping'
import { readPosting } from './read-back'
import { kindOf, postingState, readRecord, sourceIdOf, type AccountingRecord } from './record'
import { resolveAccounts, resolveNeeds, type Accounts, type Creates, type Pending } from './resolve'
import { mappingFor } from './mapping'

/** What posting needs from the adapter. */
export interface PostContext {
  books: Books
  mapping: AccountingMapping
  held: HeldRecords
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

/** The document types a batch of records may already have in the books (each costs one look-up). */
function typesFor(m: AccountingMapping, items: WriteItem[], idOf: (i: WriteItem) => string): DocType[] {
  const out = new Set<DocType>()
  for (const i of items) {
    let kind: string
    try {
      kind = kindOf(idOf(i), i.op === 'delete' ? null : i.fields.kind)
    } catch {
      continue
    }
    const fee = i.op === 'create' ? Number(i.fields.fee ?? 0) : NaN
    if (kind === 'sale') out.add(m.salesAs === 'invoice' ? 'invoice' : 'sales-receipt')
    if (kind === 'refund') out.add(m.refundsAs === 'credit-memo' ? 'credit-memo' : 'refund-receipt')
    if (kind === 'dispute' || kind === 'fee' || !(fee <= 0)) out.add('expense')
    if (kind === 'payout' || !(fee >= 0)) out.add('deposit')
  }
  return [...out]
}

/** Posts `items`; outcomes follow their order. ConfigErrors (the mapping's accounts) stop the batch. */
export async function postItems(ctx: PostContext, items: WriteItem[]): Promise<WriteOutcome[]> {
  const { books, mapping, held } = ctx
  books.fresh()
  // Each payment system's money may have its own clearing and fee accounts (accounting.sources).
  const shared = await resolveAccounts(books, mapping)
  const bySource = new Map<string, Promise<Accounts>>()
  const accountsOf = (source: string) => {
    if (!mapping.sources[source]) return Promise.resolve(shared)
    if (!bySource.has(source)) bySource.set(source, resolveAccounts(books, mapping, source))
    return bySource.get(source)!
  }
  const prefs = await books.prefs()
  await books.customers.refresh()
  const idOf = (i: WriteItem) => (i.op === 'create' ? (sourceIdOf(i.fields) ?? '') : i.id)
  const postings = await books.findPostings(items.map(idOf).filter(Boolean), typesFor(mapping, items, idOf))
  const plans: Plan[] = items.map((item) => ({ item, id: idOf(item), parts: [], done: [] }))
  for (const p of plans) {
    if (p.item.op === 'delete') continue
    try {
      const back = p.item.op === 'update' && !held.get(p.id) ? books.readBack(postings.get(p.id) ?? new Map()) : undefined
      const base = p.item.op === 'update' ? (held.get(p.id) ?? (back ? readPosting(p.id, back) : undefined) ?? {}) : {}
      p.fields = { ...base, ...p.item.fields, ...(p.id ? { source_id: p.id } : {}) }
      // One name for the id from here on (held records keep it so).
      delete p.fields.stripe_id
      p.record = readRecord(p.fields, p.id || undefined)
      p.id = p.record.sourceId
      p.state = postingState(p.record)
    } catch (e) {
      p.error = asRecordError(e)
    }
  }
  await inheritPayers(ctx, plans)
  if (mapping.salesAs === 'invoice') {
    const dates = [...new Set(plans.flatMap((p) => (p.record ? [p.record.date] : [])))]
    for (const [id, found] of await books.findPostings(plans.map((p) => p.id), ['payment'], dates)) {
      const payment = found.get('payment')
      if (payment) postings.set(id, (postings.get(id) ?? new Map()).set('payment', payment))
    }
  }
  const creates: Creates = { items: new Map(), customers: new Map() }
  const needs = new Map<Plan, Awaited<ReturnType<typeof resolveNeeds>>>()
  for (const p of plans) {
    if (p.error || p.state !== 'post' || !p.record) continue
    try {
      needs.set(p, await resolveNeeds(p.record, mapping, books, creates))
    } catch (e) {
      p.error = asRecordError(e)
    }
  }
  const made = await createPrerequisites(ctx, creates)
  for (const [p, n] of needs) {
    try {
      const customer = n.customer ? pick(n.customer, made.customers, 'customer') : undefined
      const lines = n.lines.map((l) => ({ item: pick(l.item, made.items, 'item'), taxCode: l.taxCode }))
      p.resolved = { ...(await accountsOf(p.record!.source)), mapping: mappingFor(mapping, p.record!.source), prefs, customer, lines }
      p.parts = composeParts(p.record!, p.resolved, books)
    } catch (e) {
      p.error = asRecordError(e)
    }
  }
  await applyParts(ctx, plans, postings)
  if (mapping.salesAs === 'invoice') await applyPayments(ctx, plans, postings)
  const outcomes = plans.map((p) => outcome(p, held, books.label))
  // Saved before the outcomes are reported: a held record the run counts as written is on disk.
  await held.save()
  return outcomes
}

/** A refund carries no email (Stripe's, Square's): it takes the customer of the payment it refunds, as posted. */
async function inheritPayers(ctx: PostContext, plans: Plan[]): Promise<void> {
  const orphans = plans.filter((p) => p.record?.kind === 'refund' && !p.record.customerEmail && p.record.charge)
  if (orphans.length === 0) return
  const sales = await ctx.books.findPostings(orphans.map((p) => p.record!.charge!), [ctx.mapping.salesAs === 'invoice' ? 'invoice' : 'sales-receipt'])
  for (const p of orphans) {
    const sale = sales.get(p.record!.charge!)
    const email = sale ? ctx.books.readBack(sale)?.email : undefined
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
  const keys: { list: 'items' | 'customers'; k: string; write: BooksWrite }[] = [
    ...[...creates.items].map(([k, item]) => ({ list: 'items' as const, k, write: { op: 'create-item' as const, ...item, what: `the new Item "${item.name}"` } })),
    ...[...creates.customers].map(([k, customer]) => ({ list: 'customers' as const, k, write: { op: 'create-customer' as const, customer, what: `the new Customer "${customer.name}"` } }))
  ]
  const made = { items: new Map<string, Ref | RecordError>(), customers: new Map<string, Ref | RecordError>() }
  if (keys.length === 0) return made
  const answers = await ctx.books.write(keys.map((x) => x.write))
  keys.forEach((x, i) => {
    const a = answers[i]
    made[x.list].set(x.k, a.ok ? { value: a.id, name: a.name } : a.error)
  })
  return made
}

async function applyParts(ctx: PostContext, plans: Plan[], postings: Map<string, Posting>): Promise<void> {
  const { books } = ctx
  const ops: { plan: Plan; write: BooksWrite; label: string }[] = []
  for (const p of plans) {
    if (p.error) continue
    const posting: Posting = postings.get(p.id) ?? new Map()
    const wanted = new Set(p.parts.map((x) => x.role))
    for (const part of p.parts) {
      const existing = posting.get(part.role)
      const label = `${part.role} ${books.nameOf(part.type)}`
      const what = `the ${books.nameOf(part.type)} for ${p.id}`
      if (!existing) ops.push({ plan: p, write: { op: 'create', doc: part, what, recordId: p.id }, label })
      else if (p.item.op === 'update' && existing.type === part.type && !books.unchanged(part, existing)) ops.push({ plan: p, write: { op: 'update', doc: part, existing, what, recordId: p.id }, label })
      else p.done.push(`${part.role} ${books.nameOf(existing.type)}`)
      if (part.role === 'main' && existing) p.mainId = existing.id
    }
    // A record that no longer moves money (or was deleted) takes its documents with it.
    if (p.item.op !== 'create') {
      for (const [role, existing] of posting) {
        const name = books.nameOf(existing.type)
        if (!wanted.has(role)) ops.push({ plan: p, write: { op: 'delete', existing, what: `the ${name} for ${p.id}`, recordId: p.id }, label: `${role} ${name}` })
      }
    }
  }
  const answers = await books.write(ops.map((o) => o.write))
  ops.forEach(({ plan, write, label }, i) => {
    const a = answers[i]
    if (!a.ok) {
      plan.error ??= a.error
      return
    }
    if (write.op !== 'delete') plan.done.push(label)
    if (label.startsWith('main') && write.op !== 'delete') plan.mainId = a.id
  })
}

async function applyPayments(ctx: PostContext, plans: Plan[], postings: Map<string, Posting>): Promise<void> {
  const { books } = ctx
  const todo = plans.filter((p) => !p.error && p.resolved && p.record?.kind === 'sale' && p.state === 'post' && p.mainId && !postings.get(p.id)?.get('payment'))
  const name = books.nameOf('payment')
  const answers = await books.write(todo.map((p): BooksWrite => ({ op: 'create', doc: paymentPart(p.record!, p.resolved!, p.mainId!), what: `the ${name} for ${p.id}`, recordId: p.id })))
  todo.forEach((p, i) => {
    const a = answers[i]
    if (!a.ok) p.error = a.error
    else p.done.push(`payment ${name}`)
  })
}

function outcome(p: Plan, held: HeldRecords, label: string): WriteOutcome {
  if (p.error) {
    const posted = p.done.length ? ` (already in ${label}: ${p.done.join(', ')}; a retry posts only what is missing)` : ''
    return { ref: p.item.ref, ok: false, error: new RecordError(`${p.id || 'A record'}: ${p.error.message}${posted}`, { ...p.error.meta, recordId: p.id }) }
  }
  if (p.fields && p.state !== 'post') held.set(p.id, p.fields)
  else held.delete(p.id)
  return { ref: p.item.ref, ok: true, id: p.id }
}
