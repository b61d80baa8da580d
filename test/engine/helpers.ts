import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { syncSchema, type Sync, type SyncInput } from '../../src/shared/domain'
import { MemoryTable, type MemoryTableOptions } from '../../src/main/connectors/memory'
import { SyncState } from '../../src/main/engine/state'
import { runSync, type RunOptions } from '../../src/main/engine/run'

/** A contacts sync between a CRM-like left side and an email-tool-like right side. */
export function contactsSync(over: Partial<SyncInput> = {}): Sync {
  return syncSchema.parse({
    id: 'crm-email',
    name: 'CRM ⇄ email',
    left: { connectionId: 'crm', object: 'contacts' },
    right: { connectionId: 'mail', object: 'members' },
    mapping: [
      { name: 'email', left: 'email', right: 'email_address', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
      { name: 'name', left: 'name', combine: { side: 'right', parts: ['FNAME', 'LNAME'] } },
      { name: 'phone', left: 'phone', right: 'PHONE', fromLeft: [{ kind: 'e164', defaultCountry: 'GB' }], fromRight: [{ kind: 'e164', defaultCountry: 'GB' }] }
    ],
    match: { field: 'email' },
    ...over
  })
}

/** A test world: two in-memory systems, a state folder and a `run` helper. */
export async function world(over: Partial<SyncInput> = {}, opts: { left?: MemoryTableOptions; right?: MemoryTableOptions } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-engine-'))
  const left = new MemoryTable({ idPrefix: 'L', ...opts.left })
  const right = new MemoryTable({ idPrefix: 'R', ...opts.right })
  let sync = contactsSync(over)
  let state = await SyncState.open(dir)
  return {
    dir, left, right,
    get sync() { return sync },
    set sync(s: Sync) { sync = s },
    get state() { return state },
    async reopen() { state = await SyncState.open(dir); return state },
    run: (o: Partial<RunOptions> = {}) => runSync({ sync, adapters: { left, right }, state, trigger: 'manual', ...o })
  }
}
