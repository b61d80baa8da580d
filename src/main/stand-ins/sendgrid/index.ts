/**
 * The fake SendGrid: start it, seed it, break it, and act in it as a person using
 * SendGrid's web app would (add a contact, unsubscribe, bounce).
 */
import type { SendgridFake } from './server'

export { startSendgridFake, FAKE_SENDGRID_KEY, type SendgridFake, type SendgridFakeOptions, type SeenRequest } from './server'
export { Faults, type FaultDecision, type JobFault } from './faults'
export { SendgridStore, RESERVED_TEXT, type StoredContact, type FieldDefinition, type Job, type ContactInput } from './store'
export { seedSendgrid, type SendgridSeed } from './seed'

/** What a person does in SendGrid's web app. */
export function sendgridUser(fake: SendgridFake) {
  const s = fake.store
  return {
    /** Adds or edits a contact at once (the web app does not queue a job); `custom` by field name. */
    put(email: string, fields: Record<string, string> = {}, custom: Record<string, string | number> = {}, lists: string[] = []) {
      const byName = new Map([...s.fields.values()].map((f) => [f.name, f.id]))
      const ids = lists.map((name) => [...s.lists.values()].find((l) => l.name === name)?.id ?? s.addList(name).id)
      s.upsert({ email, ...fields, custom_fields: Object.fromEntries(Object.entries(custom).map(([k, v]) => [byName.get(k) ?? s.addField(k, typeof v === 'number' ? 'Number' : 'Text').id, v])) }, ids)
      return s.byAddress(email)!
    },
    /** The person clicks "unsubscribe from all". */
    unsubscribe: (email: string) => s.unsubscribeGlobally([email]),
    /** The person leaves one unsubscribe group. */
    leaveGroup: (groupId: number, email: string) => s.unsubscribeFromGroup(groupId, [email]),
    bounce: (email: string) => s.bounce(email),
    remove: (email: string) => s.remove(s.byAddress(email)!.id),
    find: (email: string) => s.byAddress(email),
    /** True when the address is on the global unsubscribes or any group's. */
    suppressed: (email: string) => s.globalUnsubscribes.has(email.toLowerCase()) || [...s.groupUnsubscribes.values()].some((m) => m.has(email.toLowerCase())),
    all: () => [...s.contacts.values()]
  }
}
