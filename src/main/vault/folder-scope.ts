/**
 * Which keychain entries belong to which data folder.
 *
 * The keychain is one per user, but a person can have several Patchbay data folders (the
 * desktop app's, a second workspace under PATCHBAY_HOME, a copy being tried out). Filed
 * only by connection id, two folders with a connection called `hubspot` would overwrite
 * each other's key, and a sync would quietly read or write the wrong account. So each data
 * folder carries a random label of its own (`keychain.json`), and its secrets are filed
 * under that label.
 *
 * Folders made before the label existed kept their secrets under the connection id
 * alone. Such a folder (one that already held a config when it got its label) still finds
 * them there, and copies each to its own label on first read; a new folder never looks.
 */
import { randomBytes } from 'node:crypto'
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { StoreError } from '../errors'
import { configPath } from '../store/paths'
import { storeErrorFromFs } from '../store/fs-errors'

/** Where a data folder's secrets are filed in the keychain. */
export interface KeychainScope {
  /** The folder's own label, added to every keychain account it uses. */
  label: string
  /** True for a folder made before labels: it may still find secrets filed under the connection id alone. */
  legacy: boolean
}

const FILE = 'keychain.json'
const scopeSchema = z.object({ label: z.string().regex(/^[a-f0-9]{16}$/), legacy: z.boolean() })

/** The data folder's keychain label, made on first use. Safe when several Patchbays open the folder at once. */
export async function keychainScope(home: string): Promise<KeychainScope> {
  const path = join(home, FILE)
  const found = await read(path)
  if (found) return found
  const legacy = await stat(configPath(home)).then(
    () => true,
    () => false
  )
  const made: KeychainScope = { label: randomBytes(8).toString('hex'), legacy }
  // Written whole to a temp name, then linked into place: link fails if another process got
  // there first, so two Patchbays starting together agree on one label and no one ever reads
  // a half-written file.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, `${JSON.stringify(made)}\n`, { mode: 0o600, flag: 'wx' })
    await link(temp, path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err
    })
  } catch (err) {
    throw storeErrorFromFs(err, `save ${FILE}`, path)
  } finally {
    await unlink(temp).catch(() => undefined)
  }
  const settled = await read(path)
  if (!settled) throw new StoreError(`${FILE} vanished while Patchbay was making it.`, { hint: 'Start Patchbay again.' })
  return settled
}

async function read(path: string): Promise<KeychainScope | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw storeErrorFromFs(err, `read ${FILE}`, path)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  const ok = scopeSchema.safeParse(parsed)
  if (!ok.success) {
    throw new StoreError(`${FILE} in the data folder is damaged, so Patchbay cannot tell which passwords in your keychain are this folder's.`, {
      hint: `Restore ${FILE} from a backup of the data folder. If you have none, delete it: Patchbay makes a new one, and you then reconnect each connection once.`
    })
  }
  return ok.data
}
