/**
 * Applies a batch of writes to an audience. Creates, and updates of members whose
 * address Patchbay knows and keeps, go through batch subscribe in as few calls as
 * possible; a lone one, an address change (batch subscribe keys members by address)
 * and an update of a member not read this run go through `PUT …/members/{id}`; deletes
 * archive. Tags in `tags_add` are then added with `POST …/tags` (only those the member lacks);
 * an update of a member read this run that carries nothing else sends no upsert at all.
 * Outcomes come back in the order of the items.
 */
import type { Fields } from '../../../shared/domain'
import { ConfigError, RecordError } from '../../errors'
import type { SourceRecord, WriteItem, WriteOutcome } from '../types'
import { BATCH_LIMIT, sendBatch, type BatchAnswer, type BatchEntry } from './batch'
import { fieldNameProblem, fingerprint, joinTags, memberBody, normaliseWritten, sameField, splitTags, subscriberHash, tagsToAdd, type MemberBody } from './fields'
import { MISMATCH, type RunMemory } from './memory'
import type { Member } from './schemas'
import { addTags, archiveMember, isNotFound, missingAudience, putMember, refusal, withAddedTags, type MemberCalls } from './single'

/** What writing needs from the adapter. */
export interface WriteContext extends MemberCalls {
  statusIfNew: string
  memory: RunMemory
  /** The audience's merge tags (read once per connection). */
  mergeTags: () => Promise<ReadonlySet<string>>
  toRecord: (m: Member) => SourceRecord
}

type Upsert = Extract<WriteItem, { op: 'create' | 'update' }>
interface Planned { item: Upsert; key: string; email?: string; body: MemberBody; /** Tags to add after the upsert (`tags_add`). */ add: string[] }

const lower = (s: string): string => s.trim().toLowerCase()

/** Writes `items`; throws only what stops the whole call (auth, outages, a wrong mapping). */
export async function writeMembers(ctx: WriteContext, items: WriteItem[]): Promise<WriteOutcome[]> {
  await checkFieldNames(ctx, items)
  const outcomes = new Map<string, WriteOutcome>()
  const fail = (ref: string, error: RecordError): void => void outcomes.set(ref, { ref, ok: false, error })
  const batchable: Planned[] = []
  const singles: Planned[] = []
  const deletes: Extract<WriteItem, { op: 'delete' }>[] = []
  const tagsOnly: Planned[] = []
  for (const item of items) {
    if (item.op === 'delete') {
      deletes.push(item)
      continue
    }
    let body: MemberBody
    try {
      body = neverResubscribe(memberBody(item.fields, item.op === 'create' ? { statusIfNew: ctx.statusIfNew } : {}))
    } catch (err) {
      if (err instanceof RecordError) fail(item.ref, err)
      else throw err
      continue
    }
    const add = tagsToAdd(item.fields)
    if (item.op === 'create') {
      if (!body.email_address) fail(item.ref, new RecordError('The record has no email address; Mailchimp needs one for every member', { connectionId: ctx.connectionId }))
      else batchable.push({ item, key: subscriberHash(body.email_address), email: body.email_address, body, add })
      continue
    }
    const known = ctx.memory.known.get(item.id)
    const changesEmail = body.email_address !== undefined && (!known || lower(body.email_address) !== lower(known.email))
    const upsertsNothing = Object.keys(body).every((k) => k === 'email_address') && !changesEmail
    if (known && upsertsNothing) tagsOnly.push({ item, key: item.id, email: known.email, body, add })
    else if (known && !changesEmail) batchable.push({ item, key: item.id, email: known.email, body: { ...body, email_address: known.email }, add })
    else singles.push({ item, key: item.id, body, add })
  }
  const { batches, rest } = groupBatches(batchable)
  const tasks: Promise<void>[] = []
  for (const group of batches) {
    if (group.length === 1) singles.push(group[0])
    else tasks.push(runBatch(ctx, group, outcomes))
  }
  for (const p of singles) tasks.push(runSingle(ctx, p, outcomes))
  for (const p of tagsOnly) tasks.push(runTagsOnly(ctx, p, outcomes))
  for (const d of deletes) tasks.push(archiveMember(ctx, d.id).then(() => {
    ctx.memory.archived.add(d.id)
    ctx.memory.known.delete(d.id)
    outcomes.set(d.ref, { ref: d.ref, ok: true, id: d.id })
  }))
  await settle(tasks)
  // A second write to the same address goes after the first, never beside it.
  for (const p of rest) await settle([runSingle(ctx, p, outcomes)])
  return items.map((i) => outcomes.get(i.ref) ?? { ref: i.ref, ok: false, error: new RecordError('Mailchimp gave no answer for this record', { connectionId: ctx.connectionId }) })
}

/**
 * Patchbay never subscribes anyone who unsubscribed, was cleaned or waits to confirm (the law:
 * CAN-SPAM, GDPR, CASL), so `subscribed` is only ever sent as `status_if_new`: it makes a new
 * member subscribed (where the sync's mapping or the connection says so) and leaves an
 * existing member's status as it is. Unsubscribing (`status: unsubscribed`) is always sent.
 */
function neverResubscribe(body: MemberBody): MemberBody {
  if (body.status !== 'subscribed') return body
  const { status, ...rest } = body
  return { ...rest, status_if_new: status }
}

/** A wrong field name is the mapping's fault, not one record's: stop and say which. */
async function checkFieldNames(ctx: WriteContext, items: WriteItem[]): Promise<void> {
  const names = new Set(items.flatMap((i) => (i.op === 'delete' ? [] : Object.keys(i.fields))))
  if (names.size === 0) return
  const needTags = [...names].some((n) => fieldNameProblem(n, undefined) === undefined && /^[A-Z]/.test(n))
  const tags = needTags ? await ctx.mergeTags() : undefined
  const problems = [...names].map((n) => fieldNameProblem(n, tags)).filter((p): p is string => p !== undefined)
  if (problems.length) throw new ConfigError(`The sync's mapping does not fit Mailchimp: ${problems.join('; ')}`, { connectionId: ctx.connectionId, hint: 'Fix the field names in the sync mapping.' })
}

/**
 * Splits batchable writes into batch calls: at most 500, each address once per call,
 * and members with tags apart from those without (`sync_tags` applies to a whole call).
 * A second write to an address already in this run's batches waits for a single call.
 */
function groupBatches(planned: Planned[]): { batches: Planned[][]; rest: Planned[] } {
  const batches: Planned[][] = []
  const rest: Planned[] = []
  const seen = new Set<string>()
  for (const withTags of [true, false]) {
    let current: Planned[] = []
    for (const p of planned) {
      if ((p.body.tags !== undefined) !== withTags) continue
      const email = lower(p.email!)
      if (seen.has(email)) {
        rest.push(p)
        continue
      }
      seen.add(email)
      current.push(p)
      if (current.length === BATCH_LIMIT) {
        batches.push(current)
        current = []
      }
    }
    if (current.length) batches.push(current)
  }
  return { batches, rest }
}

async function runBatch(ctx: WriteContext, group: Planned[], outcomes: Map<string, WriteOutcome>): Promise<void> {
  const entries: BatchEntry[] = group.map((p) => ({ ref: p.item.ref, email: lower(p.email!), body: { ...p.body, email_address: p.email! } }))
  let answers: Map<string, BatchAnswer>
  try {
    answers = await sendBatch(ctx, entries, group[0].body.tags !== undefined)
  } catch (err) {
    if (isNotFound(err)) throw missingAudience(err, ctx)
    if (!(err instanceof RecordError)) throw err
    for (const p of group) outcomes.set(p.item.ref, { ref: p.item.ref, ok: false, error: refusal(group.length === 1 ? '1 member' : `${group.length} members`, err) })
    return
  }
  await settle(group.map(async (p) => {
    const a = answers.get(p.item.ref)!
    if (!a.ok) return void outcomes.set(p.item.ref, { ref: p.item.ref, ok: false, error: a.error })
    try {
      const member = await withAddedTags(ctx, a.member, p.add)
      outcomes.set(p.item.ref, { ref: p.item.ref, ok: true, id: remember(ctx, p.item, member) })
    } catch (err) {
      if (!(err instanceof RecordError)) throw err
      outcomes.set(p.item.ref, { ref: p.item.ref, ok: false, error: refusal(p.email!, err, p.item.op === 'update' ? p.item.id : undefined) })
    }
  }))
}

async function runSingle(ctx: WriteContext, p: Planned, outcomes: Map<string, WriteOutcome>): Promise<void> {
  const { item } = p
  try {
    const member = await withAddedTags(ctx, await putMember(ctx, p.key, p.body), p.add)
    outcomes.set(item.ref, { ref: item.ref, ok: true, id: remember(ctx, item, member) })
  } catch (err) {
    if (!(err instanceof RecordError)) throw err
    const who = p.body.email_address ?? ctx.memory.known.get(p.key)?.email ?? `member ${p.key}`
    outcomes.set(item.ref, { ref: item.ref, ok: false, error: refusal(who, err, item.op === 'update' ? item.id : undefined) })
  }
}

/**
 * An update that only adds tags to a member read this run: no upsert, and no call at all when
 * the member has every tag already.
 */
async function runTagsOnly(ctx: WriteContext, p: Planned, outcomes: Map<string, WriteOutcome>): Promise<void> {
  const id = (p.item as Extract<WriteItem, { op: 'update' }>).id
  const known = ctx.memory.known.get(id)!
  const have = splitTags(known.record.fields.tags)
  try {
    const now = await addTags(ctx, id, have, p.add)
    if (now.length !== have.length) {
      const tags = joinTags(now)
      const rec = { ...known.record, fields: { ...known.record.fields, tags, tags_add: tags } }
      ctx.memory.note(known.email, rec)
      ctx.memory.written.set(id, fingerprint(rec.fields))
    }
    outcomes.set(p.item.ref, { ref: p.item.ref, ok: true, id })
  } catch (err) {
    if (!(err instanceof RecordError)) throw err
    outcomes.set(p.item.ref, { ref: p.item.ref, ok: false, error: refusal(known.email, err, id) })
  }
}

/** Notes what a write left, so the next read can tell it apart; returns the record id. */
function remember(ctx: WriteContext, item: Upsert, member: Member): string {
  const rec = ctx.toRecord(member)
  const before: Fields | undefined = item.op === 'update' ? ctx.memory.known.get(item.id)?.record.fields : undefined
  const wrote = normaliseWritten(item.fields)
  const expected: Fields = { ...before, ...wrote }
  if ('tags_add' in item.fields) {
    // Added tags join the ones the member had (or was given), and `tags_add` reads back as all of them.
    const tags = joinTags([...splitTags(expected.tags), ...tagsToAdd(item.fields)])
    expected.tags = tags
    expected.tags_add = tags
  }
  const keys = before ? new Set([...Object.keys(expected), ...Object.keys(rec.fields)]) : Object.keys(wrote)
  const asWritten = !rec.deleted && [...keys].every((k) => sameField(expected[k], rec.fields[k]))
  ctx.memory.written.set(rec.id, asWritten ? fingerprint(rec.fields) : MISMATCH)
  ctx.memory.note(member.email_address, rec)
  return item.op === 'update' ? item.id : rec.id
}

/** Waits for every call, then throws the first failure that stops the whole write. */
async function settle(tasks: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(tasks)
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
}
