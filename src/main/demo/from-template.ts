/**
 * The demo's syncs, made the way a person makes them on the New sync page: a template,
 * the two sides, the trigger the form offers for it, and for each of the template's fields
 * the connection's own field the form suggests. Accounting syncs come from the accounting
 * templates (src/main/accounting/templates.ts), as the QuickBooks connection adds them.
 */
import type { SyncTemplate } from '../../shared/contract'
import type { FieldMap, Sync, SyncInput, Trigger } from '../../shared/domain'
import { accountingSyncs } from '../accounting'
import { TEMPLATES } from '../calls/templates'
import type { SetupContext } from './workspace'

/** One side of a sync: a connection and one of its objects. */
export interface DemoSide {
  connectionId: string
  object: string
}

/** What a person fills in on the form besides the template. */
export interface FromTemplate {
  template: string
  id: string
  name: string
  left: DemoSide
  right: DemoSide
}

// The New sync form's matching, kept the same (src/renderer/src/views/NewSync.tsx).
const loose = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')

/** Picks the field a template expects on a side, or the closest name the connection has. */
function suggest(candidates: string[], canonical: string, have: string[]): string {
  const lower = have.map((h) => h.toLowerCase())
  for (const c of [...candidates, canonical]) {
    const i = lower.indexOf(c.toLowerCase())
    if (i >= 0) return have[i]
  }
  return have.find((h) => loose(h).includes(loose(canonical)) || loose(canonical).includes(loose(h))) ?? ''
}

/** The trigger the form starts with for a template: watch as the template says (seconds allowed), schedules as "daily at" in the Settings time zone. */
function formTrigger(t: Trigger, timeZone: string): Trigger {
  if (t.kind === 'schedule') {
    const [m, h] = t.cron.split(' ')
    return { kind: 'schedule', cron: `${Number(m) || 0} ${Number(h) || 0} * * *`, timeZone }
  }
  return t
}

/** A sync from one of the New sync page's templates, with the fields the form would suggest. */
export async function syncFromTemplate(setup: SetupContext, o: FromTemplate): Promise<SyncInput> {
  const template: SyncTemplate | undefined = TEMPLATES.find((t) => t.id === o.template)
  if (!template) throw new Error(`No sync template "${o.template}"`)
  const [leftFields, rightFields] = await Promise.all([setup.fields(o.left.connectionId, o.left.object), setup.fields(o.right.connectionId, o.right.object)])
  const have = { left: leftFields.map((f) => f.name), right: rightFields.map((f) => f.name) }
  const mapping: FieldMap[] = []
  for (const f of template.fields) {
    const left = suggest(f.left, f.name, have.left)
    const right = suggest(f.right, f.name, have.right)
    // The form refuses to save a template whose key field it cannot place; the demo says why.
    if (f.required && (!left || !right)) throw new Error(`The "${template.title}" template finds no ${f.label.toLowerCase()} field on ${!left ? o.left.connectionId : o.right.connectionId}`)
    if (left || right) mapping.push({ name: f.name, left: left || undefined, right: right || undefined, fromLeft: f.fromLeft ?? [], fromRight: f.fromRight ?? [], toLeft: f.toLeft ?? [], toRight: f.toRight ?? [] })
  }
  return {
    id: o.id,
    name: o.name,
    left: o.left,
    right: o.right,
    direction: template.direction,
    trigger: formTrigger(template.trigger, setup.timeZone),
    mapping,
    match: { field: template.matchField, normalise: template.matchNormalise ?? ['trim', 'lower'] },
    conflictPolicy: template.conflictPolicy,
    deletes: template.deletes,
    enabled: true
  } as SyncInput
}

/** The syncs of an accounting template, for a Stripe and a QuickBooks connection, in the Settings time zone. */
export function syncsFromAccountingTemplate(setup: SetupContext, templateId: string, stripe: string, quickbooks: string): Sync[] {
  return accountingSyncs(templateId, { stripe, quickbooks, timeZone: setup.timeZone })
}
