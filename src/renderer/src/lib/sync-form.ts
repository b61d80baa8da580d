/**
 * A saved sync as the sync form edits it: the form is built for templates, so a sync being
 * changed (or a copy of one) is turned into a template of its own mapping, and its trigger
 * into the form's "when it runs" choice. Pure, so it is tested without a browser.
 */
import type { SyncTemplate, TemplateField } from '../../../shared/contract'
import type { Sync, Trigger } from '../../../shared/domain'

/** The form's choices of when a sync runs. */
export type When = 'manual' | 'watch' | 'daily' | 'cron'

/** A canonical field name in words: "first_name" → "First name". */
export function fieldLabel(name: string): string {
  const words = name.replace(/_/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A saved sync's mapping as the template fields the form lists, with its own field names on each side. */
export function templateOf(sync: Sync): SyncTemplate {
  const fields: TemplateField[] = sync.mapping.map((m) => ({
    name: m.name,
    label: fieldLabel(m.name),
    left: m.left ? [m.left] : [],
    right: m.right ? [m.right] : [],
    fromLeft: m.fromLeft,
    fromRight: m.fromRight,
    ...(m.name === sync.match.field ? { required: true } : {})
  }))
  return {
    id: `edit:${sync.id}`,
    title: `Change “${sync.name}”`,
    description: 'Change when it runs and which fields go where, then preview what the change would do before you save it. Its history and paired records stay as they are.',
    left: { role: 'First system', systems: [] },
    right: { role: 'Second system', systems: [] },
    direction: sync.direction,
    trigger: sync.trigger,
    conflictPolicy: sync.conflictPolicy,
    deletes: sync.deletes,
    matchField: sync.match.field,
    matchNormalise: sync.match.normalise,
    fields
  }
}

/** Which "when it runs" choice shows a trigger: a schedule at one time every day is "Once a day", any other schedule is custom. */
export function whenOf(trigger: Trigger): When {
  if (trigger.kind === 'manual' || trigger.kind === 'watch') return trigger.kind
  return /^\d{1,2} \d{1,2} \* \* \*$/.test(trigger.cron.trim()) ? 'daily' : 'cron'
}

/** The "At" time of a daily schedule ("30 6 * * *" → "06:30"); 06:00 for anything else. */
export function dailyAt(trigger: Trigger): string {
  if (trigger.kind !== 'schedule') return '06:00'
  const [m, h] = trigger.cron.trim().split(/\s+/)
  return /^\d+$/.test(m) && /^\d+$/.test(h) ? `${h.padStart(2, '0')}:${m.padStart(2, '0')}` : '06:00'
}
