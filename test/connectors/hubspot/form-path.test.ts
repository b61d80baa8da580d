/**
 * The one-way form path: a CSV export of form submissions becomes HubSpot contacts,
 * created or updated by email; rows that cannot be read, and records HubSpot refuses,
 * land in Failures while the rest go through.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { syncSchema } from '../../../src/shared/domain'
import { openCsvSession } from '../../../src/main/connectors/csv'
import { SyncState } from '../../../src/main/engine/state'
import { runSync } from '../../../src/main/engine/run'
import { seedContacts } from '../../../src/main/stand-ins/hubspot'
import { fakeHubspot, openSession, stateDir } from './helpers'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

const formSync = syncSchema.parse({
  id: 'form-to-hubspot',
  name: 'Website form → HubSpot',
  left: { connectionId: 'forms', object: 'submissions' },
  right: { connectionId: 'crm', object: 'contacts' },
  direction: 'left-to-right',
  mapping: [
    { name: 'email', left: 'Email', right: 'email', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
    { name: 'first', left: 'First name', right: 'firstname' },
    { name: 'last', left: 'Last name', right: 'lastname' },
    { name: 'phone', left: 'Phone', right: 'phone', fromLeft: [{ kind: 'e164', defaultCountry: 'GB' }], fromRight: [{ kind: 'e164', defaultCountry: 'GB' }] }
  ],
  match: { field: 'email' },
  conflictPolicy: 'prefer-left'
})

const HEADER = 'Submission ID,Submitted at,Email,First name,Last name,Phone\n'

describe('form submissions (CSV) → HubSpot contacts', () => {
  it('creates new people, updates known ones by email, and reports bad rows', async () => {
    const fake = await fakeHubspot()
    const [known] = seedContacts(fake.store, 3)
    const folder = await mkdtemp(join(tmpdir(), 'patchbay-forms-'))
    dirs.push(folder)
    const file = join(folder, 'submissions.csv')
    await writeFile(
      file,
      HEADER +
        'S-1,2026-11-20 09:14,Zara.Khan@Brightside.example,Zara,Khan,07700 900 456\n' +
        `S-2,2026-11-20 10:02,${known.properties.email.toUpperCase()},${known.properties.firstname},Newname,\n` +
        'S-3,2026-11-20 10:30,jane@,Jane,Typo,\n' +
        'S-4,2026-11-20 11:45,leo@oak.example,Leo,Walker,,an extra column\n'
    )
    const forms = await openCsvSession({ connection: { id: 'forms', system: 'csv', label: 'Forms', authKind: 'none', scopes: [], status: 'ok', settings: { file, keyColumn: 'Submission ID' } } })
    const hubspot = await openSession(fake)
    const state = await SyncState.open(await stateDir())
    const run = () => runSync({ sync: formSync, adapters: { left: forms.object('submissions'), right: hubspot.object('contacts') }, state, trigger: 'manual' })

    const first = (await run()).run
    expect(first.status).toBe('partial')
    expect(first.counts).toMatchObject({ created: 1, updated: 1, failed: 2 })
    expect(fake.store.findUnique('contacts', 'email', 'zara.khan@brightside.example')?.properties).toMatchObject({ firstname: 'Zara', lastname: 'Khan', phone: '+447700900456' })
    expect(fake.store.get('contacts', known.id)?.properties.lastname).toBe('Newname')
    expect(fake.store.live('contacts')).toHaveLength(4)
    const failures = state.data.failures.map((f) => [f.op, f.line ?? f.sourceId, f.message])
    expect(failures).toEqual(
      expect.arrayContaining([
        ['create', 'S-3', expect.stringContaining('email: Email address jane@ is invalid')],
        ['read', 5, expect.stringContaining('column')]
      ])
    )

    // A later submission from a long-standing contact the incremental read does not list: found by email.
    const added = fake.store.create('contacts', { email: 'ivy.hall@summit.example', firstname: 'Ivy', lastname: 'Hall' }, Date.now() - 30 * 86_400_000)
    await appendFile(file, 'S-5,2026-11-21 08:00,Ivy.Hall@Summit.example,Ivy,Hall-Jones,\n')
    fake.recorder.take()
    const second = (await run()).run
    expect(second.counts).toMatchObject({ created: 0, updated: 1 })
    expect(fake.store.get('contacts', added.id)?.properties.lastname).toBe('Hall-Jones')
    expect(fake.store.live('contacts')).toHaveLength(5)
    const lookup = fake.recorder.all().find((e) => e.path.endsWith('/batch/read'))
    expect(lookup?.requestBody).toMatchObject({ idProperty: 'email', inputs: expect.arrayContaining([{ id: 'ivy.hall@summit.example' }]) })
  })
})
