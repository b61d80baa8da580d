/**
 * The fake SendGrid's state: Marketing Campaigns contacts (one per lower-cased email),
 * custom field definitions, lists, the suppressions (global unsubscribes, group
 * unsubscribes, bounces), and the asynchronous jobs that change contacts.
 */
import { randomUUID } from 'node:crypto'

/** The reserved text fields a contact carries besides its email (field_definitions' reserved_fields). */
export const RESERVED_TEXT = ['first_name', 'last_name', 'phone_number', 'address_line_1', 'address_line_2', 'city', 'state_province_region', 'postal_code', 'country'] as const

/** A contact as the fake keeps it. */
export interface StoredContact {
  id: string
  email: string
  reserved: Partial<Record<(typeof RESERVED_TEXT)[number], string>>
  /** Custom field values by field id (`e1_T`). */
  custom: Record<string, string | number>
  listIds: Set<string>
  createdAt: number
  updatedAt: number
}

/** A custom field definition. */
export interface FieldDefinition {
  id: string
  name: string
  field_type: 'Text' | 'Number' | 'Date'
}

/** One record of an upsert as sent. */
export interface ContactInput {
  email?: string
  custom_fields?: Record<string, unknown>
  [field: string]: unknown
}

/** An asynchronous contacts job (upsert or delete). */
export interface Job {
  id: string
  type: 'upsert' | 'delete'
  status: 'pending' | 'completed' | 'errored' | 'failed'
  startedAt: number
  finishedAt?: number
  requested: number
  created: number
  updated: number
  deleted: number
  /** Per-record errors, as the job's errors file lists them. */
  errors: { email: string; message: string }[]
  /** Carries the job out; set while it is pending. */
  run?: () => void
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/

/** The state of one fake account. */
export class SendgridStore {
  readonly contacts = new Map<string, StoredContact>()
  private readonly byEmail = new Map<string, string>()
  readonly fields = new Map<string, FieldDefinition>()
  readonly lists = new Map<string, { id: string; name: string }>()
  /** Global unsubscribes: email → Unix seconds. */
  readonly globalUnsubscribes = new Map<string, number>()
  readonly groups = new Map<number, { id: number; name: string; description: string; is_default: boolean }>()
  /** Group unsubscribes: group id → email → Unix seconds. */
  readonly groupUnsubscribes = new Map<number, Map<string, number>>()
  /** Bounces: email → Unix seconds and reason. */
  readonly bounces = new Map<string, { created: number; reason: string; status: string }>()
  readonly jobs = new Map<string, Job>()
  private fieldSeq = 0

  constructor(readonly now: () => number) {}

  /** Adds a custom field definition (as in the Marketing Campaigns UI or `POST /field_definitions`). */
  addField(name: string, type: FieldDefinition['field_type'] = 'Text'): FieldDefinition {
    const id = `e${++this.fieldSeq}_${type[0]}`
    const def = { id, name, field_type: type }
    this.fields.set(id, def)
    return def
  }

  /** Adds a list. */
  addList(name: string, id: string = randomUUID()): { id: string; name: string } {
    const list = { id, name }
    this.lists.set(id, list)
    return list
  }

  /** Adds an unsubscribe group. */
  addGroup(id: number, name: string, isDefault = false): void {
    this.groups.set(id, { id, name, description: `${name} emails`, is_default: isDefault })
    this.groupUnsubscribes.set(id, new Map())
  }

  /** The contact with this email (any case), if any. */
  byAddress(email: string): StoredContact | undefined {
    const id = this.byEmail.get(email.trim().toLowerCase())
    return id === undefined ? undefined : this.contacts.get(id)
  }

  /** Why a record cannot be imported, in SendGrid's words, or undefined. */
  problemWith(input: ContactInput): string | undefined {
    if (typeof input.email !== 'string' || !EMAIL.test(input.email.trim())) return 'email is invalid'
    for (const [id, v] of Object.entries(input.custom_fields ?? {})) {
      const def = this.fields.get(id)
      if (!def) return `custom field ${id} does not exist`
      if (def.field_type === 'Number' && typeof v !== 'number' && !(typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))) return `custom field ${def.name} must be a number`
    }
    return undefined
  }

  /** Upserts one record; the email is lower-cased, omitted fields stay as they were. Returns true when it created one. */
  upsert(input: ContactInput, listIds: readonly string[]): boolean {
    const email = String(input.email).trim().toLowerCase()
    const t = this.now()
    let c = this.byAddress(email)
    const created = !c
    if (!c) {
      c = { id: randomUUID(), email, reserved: {}, custom: {}, listIds: new Set(), createdAt: t, updatedAt: t }
      this.contacts.set(c.id, c)
      this.byEmail.set(email, c.id)
    }
    for (const f of RESERVED_TEXT) if (typeof input[f] === 'string') c.reserved[f] = input[f]
    for (const [id, v] of Object.entries(input.custom_fields ?? {})) {
      const def = this.fields.get(id)!
      c.custom[id] = def.field_type === 'Number' ? Number(v) : String(v)
    }
    for (const l of listIds) c.listIds.add(l)
    c.updatedAt = t
    return created
  }

  /** Deletes a contact (its suppressions stay: they belong to the address, not the contact). */
  remove(id: string): boolean {
    const c = this.contacts.get(id)
    if (!c) return false
    this.contacts.delete(id)
    this.byEmail.delete(c.email)
    return true
  }

  /** Takes contacts off a list. */
  removeFromList(listId: string, ids: readonly string[]): void {
    const t = this.now()
    for (const id of ids) {
      const c = this.contacts.get(id)
      if (c?.listIds.delete(listId)) c.updatedAt = t
    }
  }

  /** Adds addresses to the global unsubscribes (an address already there keeps its first time). */
  unsubscribeGlobally(emails: readonly string[]): void {
    const sec = Math.floor(this.now() / 1000)
    for (const e of emails) if (!this.globalUnsubscribes.has(e.toLowerCase())) this.globalUnsubscribes.set(e.toLowerCase(), sec)
  }

  /** Adds addresses to one group's unsubscribes. */
  unsubscribeFromGroup(groupId: number, emails: readonly string[]): void {
    const group = this.groupUnsubscribes.get(groupId)!
    const sec = Math.floor(this.now() / 1000)
    for (const e of emails) if (!group.has(e.toLowerCase())) group.set(e.toLowerCase(), sec)
  }

  /** Records a hard bounce. */
  bounce(email: string, reason = '550 5.1.1 The email account that you tried to reach does not exist.'): void {
    this.bounces.set(email.toLowerCase(), { created: Math.floor(this.now() / 1000), reason, status: '5.1.1' })
  }

  /** Queues a job; `work` runs when the job is carried out. */
  queueJob(type: Job['type'], requested: number, work: (job: Job) => void): Job {
    const job: Job = { id: randomUUID(), type, status: 'pending', startedAt: this.now(), requested, created: 0, updated: 0, deleted: 0, errors: [] }
    job.run = () => {
      job.run = undefined
      work(job)
      job.finishedAt = this.now()
    }
    this.jobs.set(job.id, job)
    return job
  }

  /** Carries out every pending job now (tests that want a settled account). */
  settle(): void {
    for (const job of this.jobs.values()) job.run?.()
  }
}
