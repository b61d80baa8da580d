/**
 * The fake Mailchimp: start it, seed it, break it, and act in it as a person using
 * Mailchimp's web app would (edit, archive, unsubscribe, forget a member).
 */
import type { MailchimpFake } from './server'
import type { MemberInput, StoredMember } from './store'

export { startMailchimpFake, FAKE_API_KEY, type MailchimpFake, type MailchimpFakeOptions, type SeenRequest, type FakeStats } from './server'
export { seedMembers, type SeedOptions } from './seed'
export { Faults, seeded, type FaultRates } from './faults'
export { FakeStore, hashOf, type StoredMember, type Audience, type MemberInput } from './store'
export { looksFake, type MergeFieldDef } from './rules'
export { ERROR_TYPE } from './problems'

/** A test clock: time stands still until moved, so `last_changed` is exact. */
export class ManualClock {
  constructor(private ms = Date.UTC(2026, 10, 1, 9, 0, 0)) {}
  /** The current time, for the fake's `now` option. */
  readonly now = (): number => this.ms
  /** Moves time on by `ms`. */
  advance(ms: number): void {
    this.ms += ms
  }
}

/** What a person does in the Mailchimp web app, against a fake's first audience. */
export function mailchimpUser(fake: MailchimpFake, listId = fake.listId) {
  const a = () => fake.store.audience(listId)
  const find = (email: string): StoredMember => {
    const m = fake.store.byAddress(a(), email)
    if (!m) throw new Error(`The fake has no member ${email}`)
    return m
  }
  return {
    /** Adds a subscribed member. */
    add: (email: string, merge: Record<string, string> = {}, tags: string[] = []) => fake.store.create(a(), { email_address: email, status: 'subscribed', merge_fields: merge, tags }),
    /** Changes a member's fields. */
    edit: (email: string, input: MemberInput) => fake.store.update(a(), find(email), input),
    archive: (email: string) => fake.store.archive(find(email)),
    unsubscribe: (email: string) => fake.store.update(a(), find(email), { status: 'unsubscribed' }),
    clean: (email: string) => fake.store.update(a(), find(email), { status: 'cleaned' }),
    forget: (email: string) => fake.store.forget(a(), find(email)),
    find: (email: string) => fake.store.byAddress(a(), email),
    /** Every member that is not archived. */
    live: () => [...a().members.values()].filter((m) => m.status !== 'archived'),
    all: () => [...a().members.values()]
  }
}
