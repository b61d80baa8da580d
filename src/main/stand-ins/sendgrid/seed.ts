/** Sample data for the fake SendGrid: contacts with a custom field, a list, an unsubscribe group and a few suppressions. */
import { seeded } from '../../../shared/random'
import type { SendgridStore } from './store'

/** What to seed. */
export interface SendgridSeed {
  /** @default 40 */
  contacts?: number
  /** @default 1 */
  seed?: number
  /** Address domain. @default 'example.com' */
  domain?: string
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman', 'Berners-Lee']

/** Seeds `store`: a "Newsletter" list, a "plan" field, group 1 "Weekly news", and every tenth contact unsubscribed. */
export function seedSendgrid(store: SendgridStore, o: SendgridSeed = {}): void {
  const random = seeded(o.seed ?? 1)
  const list = store.addList('Newsletter')
  const plan = store.addField('plan', 'Text')
  store.addGroup(1, 'Weekly news', true)
  for (let i = 0; i < (o.contacts ?? 40); i++) {
    const first = FIRST[Math.floor(random() * FIRST.length)]
    const last = LAST[Math.floor(random() * LAST.length)]
    const email = `${first}.${last}.${i}@${o.domain ?? 'example.com'}`.toLowerCase()
    store.upsert({ email, first_name: first, last_name: last, custom_fields: { [plan.id]: random() < 0.3 ? 'pro' : 'basic' } }, [list.id])
    if (i % 10 === 9) store.unsubscribeGlobally([email])
  }
}
