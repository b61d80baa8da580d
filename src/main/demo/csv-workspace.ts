/**
 * The demo workspace built from CSV files standing in for a web form, a CRM, a newsletter
 * tool, a card processor and the books. The vendors' fake APIs can replace it later by
 * returning the same `DemoWorkspace` shape with their own connections and edits.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SyncInput } from '../../shared/domain'
import type { DemoContext, DemoWorkspace } from './workspace'
import { payment, people, seeded, weekOfPayments, type Person } from './sample-data'

const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
const row = (values: readonly string[]): string => values.map(cell).join(',')
const csv = (header: readonly string[], rows: readonly (readonly string[])[]): string => [row(header), ...rows.map(row)].join('\n') + '\n'

/** The syncs of the demo, like the seed's scenarios. */
function syncs(): SyncInput[] {
  const email = { fromLeft: [{ kind: 'trim' as const }, { kind: 'lower' as const }], fromRight: [{ kind: 'trim' as const }, { kind: 'lower' as const }] }
  const trim = { fromLeft: [{ kind: 'trim' as const }], fromRight: [{ kind: 'trim' as const }] }
  const phone = { fromLeft: [{ kind: 'e164' as const, defaultCountry: 'GB' }], fromRight: [{ kind: 'e164' as const, defaultCountry: 'GB' }] }
  return [
    {
      id: 'signups-crm', name: 'Website sign-ups → CRM',
      left: { connectionId: 'signup-form', object: 'signups' }, right: { connectionId: 'crm', object: 'crm-contacts' },
      direction: 'left-to-right', trigger: { kind: 'manual' },
      mapping: [
        { name: 'email', left: 'email', right: 'email', ...email },
        { name: 'first_name', left: 'first_name', right: 'first_name', ...trim },
        { name: 'last_name', left: 'last_name', right: 'last_name', ...trim },
        { name: 'company', left: 'company', right: 'company', ...trim },
        { name: 'phone', left: 'phone', right: 'phone', ...phone }
      ],
      match: { field: 'email' }, conflictPolicy: 'prefer-left', deletes: 'ignore'
    },
    {
      id: 'crm-newsletter', name: 'CRM ⇄ newsletter',
      left: { connectionId: 'crm', object: 'crm-contacts' }, right: { connectionId: 'newsletter', object: 'newsletter' },
      direction: 'both', trigger: { kind: 'watch', everySeconds: 20 },
      mapping: [
        { name: 'email', left: 'email', right: 'email', ...email },
        { name: 'first_name', left: 'first_name', right: 'first_name', ...trim },
        { name: 'last_name', left: 'last_name', right: 'last_name', ...trim }
      ],
      match: { field: 'email' }, conflictPolicy: 'ask', deletes: 'ask'
    },
    {
      id: 'payments-books', name: 'Card payments → bookkeeping',
      left: { connectionId: 'payments', object: 'payments' }, right: { connectionId: 'books', object: 'ledger' },
      direction: 'left-to-right', trigger: { kind: 'watch', everySeconds: 30 },
      mapping: [
        { name: 'payment', left: 'id', right: 'payment_ref' },
        { name: 'date', left: 'created', right: 'date', fromLeft: [{ kind: 'date', from: 'UTC', to: 'Europe/London', format: 'date' }] },
        { name: 'customer', left: 'customer_email', right: 'customer', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }] },
        { name: 'amount', left: 'amount', right: 'amount' },
        { name: 'currency', left: 'currency', right: 'currency', fromLeft: [{ kind: 'upper' }] },
        { name: 'description', left: 'description', right: 'memo', fromLeft: [{ kind: 'trim' }] }
      ],
      match: { field: 'payment', normalise: ['trim'] }, conflictPolicy: 'prefer-left', deletes: 'ignore'
    },
    {
      id: 'till-books', name: 'Shop till → bookkeeping, nightly',
      left: { connectionId: 'till', object: 'till-sales' }, right: { connectionId: 'books', object: 'daily-sales' },
      direction: 'left-to-right', trigger: { kind: 'schedule', cron: '0 0 * * *', timeZone: 'Europe/London' },
      mapping: [
        { name: 'sale', left: 'id', right: 'sale_ref' },
        { name: 'date', left: 'date', right: 'date' },
        { name: 'total', left: 'total', right: 'amount' },
        { name: 'description', left: 'description', right: 'memo' }
      ],
      match: { field: 'sale', normalise: ['trim'] }, conflictPolicy: 'prefer-left', deletes: 'ignore'
    }
  ]
}

/** The row the form tool exported without quoting a comma: one value too many. */
const BROKEN_COMPANY = 'Bakery, Café & Co'

/** Writes the sample files into `folder` and returns the workspace over them. */
export async function createCsvWorkspace(folder: string, now = new Date()): Promise<DemoWorkspace> {
  const files = {
    signups: join(folder, 'signups.csv'),
    workshop: join(folder, 'workshop-signups.csv'),
    crm: join(folder, 'crm-contacts.csv'),
    newsletter: join(folder, 'newsletter.csv'),
    payments: join(folder, 'payments.csv'),
    till: join(folder, 'till-sales.csv'),
    books: join(folder, 'books')
  }
  await mkdir(files.books, { recursive: true })
  const everyone = people(340)
  const inCrm = everyone.slice(0, 260)
  const onList = [...everyone.slice(110, 260), ...everyone.slice(260, 310)]
  const formOnly = everyone.slice(310, 340)
  const stamp = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString().slice(0, 16).replace('T', ' ')
  const formRow = (p: Person, i: number) => [String(i + 1), stamp(60 * 24 - i * 20), p.email, p.first, p.last, p.company, p.phone]
  const signupRows = [...formOnly, ...inCrm.slice(0, 8)].map(formRow)
  const broken = formRow({ first: 'Rosa', last: 'Diaz', email: 'rosa.diaz@example.org', company: '', phone: '07700 900999' }, signupRows.length)
  const formHeader = ['id', 'submitted_at', 'email', 'first_name', 'last_name', 'company', 'phone']
  const brokenLine = [...broken.slice(0, 5), BROKEN_COMPANY, broken[6]].join(',')
  await writeFile(files.signups, csv(formHeader, signupRows) + brokenLine + '\n')
  // People nobody has synced yet, so a new sync from a template has something to bring in.
  await writeFile(files.workshop, csv(formHeader, people(404).slice(380).map(formRow)))
  await writeFile(files.crm, csv(['id', 'email', 'first_name', 'last_name', 'company', 'phone', 'lifecycle_stage'], inCrm.map((p, i) => [String(i + 1), p.email, p.first, p.last, p.company, p.phone, i % 5 === 0 ? 'lead' : 'customer'])))
  await writeFile(files.newsletter, csv(['email', 'first_name', 'last_name', 'status'], onList.map((p) => [p.email, p.first, p.last, 'subscribed'])))
  const week = weekOfPayments(now, inCrm)
  await writeFile(files.payments, csv(['id', 'created', 'customer_email', 'amount', 'currency', 'description', 'status'], week.map((p) => [p.id, p.created, p.email, p.amount, p.currency, p.description, 'succeeded'])))
  await writeFile(files.till, csv(['id', 'date', 'total', 'description'], Array.from({ length: 6 }, (_, d) => [`till-${d + 1}`, new Date(now.getTime() - (6 - d) * 86_400_000).toISOString().slice(0, 10), (180 + d * 37.5).toFixed(2), 'Shop takings'])))
  await writeFile(join(files.books, 'ledger.csv'), csv(['payment_ref', 'date', 'customer', 'amount', 'currency', 'memo'], []))
  await writeFile(join(files.books, 'daily-sales.csv'), csv(['sale_ref', 'date', 'amount', 'memo'], []))

  const rand = seeded(23)
  const joiners = people(380).slice(340)
  let paymentNo = week.length
  const edits = new CsvEdits()
  return {
    folder,
    connections: [
      { connection: { id: 'signup-form', system: 'csv', label: 'Website sign-up form', settings: { file: files.signups, keyColumn: 'id' } } },
      { connection: { id: 'workshop-form', system: 'csv', label: 'Workshop sign-ups', settings: { file: files.workshop, keyColumn: 'id' } } },
      { connection: { id: 'crm', system: 'csv', label: 'Customer CRM', settings: { file: files.crm, keyColumn: 'id' } } },
      { connection: { id: 'newsletter', system: 'csv', label: 'Newsletter list', settings: { file: files.newsletter, keyColumn: 'email' } } },
      { connection: { id: 'payments', system: 'csv', label: 'Card payments', settings: { file: files.payments, keyColumn: 'id' } } },
      { connection: { id: 'till', system: 'csv', label: 'Shop till', settings: { file: files.till, keyColumn: 'id' } } },
      { connection: { id: 'books', system: 'csv', label: 'Bookkeeping', settings: { folder: files.books, objects: { ledger: { keyColumn: 'payment_ref' }, 'daily-sales': { keyColumn: 'sale_ref' } } } } }
    ],
    syncs: syncs(),
    everyMs: 12_000,
    async opening(ctx: DemoContext) {
      await ctx.pause('till-books')
      await ctx.run('signups-crm')
      // The form tool sends a corrected export; trying the failure again now brings Rosa in.
      edits.replace(files.signups, brokenLine, row([...broken.slice(0, 5), BROKEN_COMPANY, broken[6]]))
      ctx.say('signups.csv was exported again with the unquoted comma fixed: try the failed sign-up again')
      await ctx.run('crm-newsletter')
      await ctx.run('payments-books')
      // Two people changed their surname, and it was typed differently in each system.
      for (const [i, partner] of [[120, 'Hughes'], [140, 'Reid']] as const) {
        const p = inCrm[i]
        edits.field(files.crm, 'email', p.email, 'last_name', `${p.last}-${partner}`)
        edits.field(files.newsletter, 'email', p.email, 'last_name', partner)
      }
      ctx.say('Two surnames were changed differently in the CRM and the newsletter list')
      await ctx.run('crm-newsletter')
    },
    async tick(ctx: DemoContext, n: number) {
      if (!ctx.isRunning('payments-books')) {
        const p = payment(paymentNo++, new Date(), inCrm, rand)
        edits.append(files.payments, [p.id, p.created, p.email, p.amount, p.currency, p.description, 'succeeded'])
        ctx.say(`New card payment ${p.id}: £${p.amount} for ${p.description.toLowerCase()}`)
      }
      if (n % 2 === 0 && !ctx.isRunning('crm-newsletter')) {
        const p = inCrm[150 + Math.floor(rand() * 100)]
        const company = ['Harbour Books', 'Oak & Ivy', 'Fernside Studio', 'Little Loaf'][n % 4]
        edits.field(files.crm, 'email', p.email, 'company', company)
      }
      if (n % 4 === 1 && !ctx.isRunning('crm-newsletter') && joiners.length) {
        const p = joiners.shift()!
        edits.append(files.newsletter, [p.email, p.first, p.last, 'subscribed'])
        ctx.say(`${p.first} ${p.last} joined the newsletter`)
      }
      if (n % 5 === 3 && !ctx.isRunning('crm-newsletter') && (await ctx.openConflicts('crm-newsletter')) < 3) {
        const p = inCrm[160 + (n % 80)]
        edits.field(files.crm, 'email', p.email, 'first_name', `${p.first}-Marie`)
        edits.field(files.newsletter, 'email', p.email, 'first_name', `${p.first} M.`)
        ctx.say(`${p.first} ${p.last}'s first name was edited in both the CRM and the newsletter list`)
      }
    }
  }
}

/**
 * Edits the way a person in a spreadsheet would, in one synchronous step so a sync's
 * read and write never straddle it.
 */
class CsvEdits {
  replace(file: string, from: string, to: string): void {
    writeFileSync(file, readFileSync(file, 'utf8').replace(from, to))
  }

  append(file: string, values: readonly string[]): void {
    const text = readFileSync(file, 'utf8')
    writeFileSync(file, `${text}${text.endsWith('\n') ? '' : '\n'}${row(values)}\n`)
  }

  /** Sets `column` on the row whose `keyColumn` is `key` (simple files: no quoted commas in these columns). */
  field(file: string, keyColumn: string, key: string, column: string, value: string): void {
    const lines = readFileSync(file, 'utf8').split('\n')
    const header = lines[0].split(',')
    const k = header.indexOf(keyColumn)
    const c = header.indexOf(column)
    const at = lines.findIndex((l, i) => i > 0 && l.split(',')[k]?.toLowerCase() === key.toLowerCase())
    if (at < 0 || c < 0) return
    const values = lines[at].split(',')
    values[c] = cell(value)
    lines[at] = values.join(',')
    writeFileSync(file, lines.join('\n'))
  }
}
