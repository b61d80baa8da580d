/**
 * The data folder must be a folder Patchbay can write to before anything else starts: a
 * read-only folder, or PATCHBAY_HOME naming a file, is the owner's setting to fix, and
 * they are told so in plain words instead of "a bug in Patchbay".
 */
import { constants } from 'node:fs'
import { access, mkdir } from 'node:fs/promises'
import { StoreError } from '../errors'
import { fsCode } from './fs-errors'

/**
 * Creates the data folder if missing and checks Patchbay can write there; throws a StoreError
 * saying what to do. `chosen`: the folder came from PATCHBAY_HOME (or its default), so the
 * owner can point that elsewhere; the desktop app's own folder cannot be chosen that way.
 */
export async function prepareDataFolder(home: string, chosen = true): Promise<void> {
  try {
    await mkdir(home, { recursive: true })
    await access(home, constants.W_OK)
  } catch (err) {
    throw dataFolderError(err, home, chosen)
  }
}

/** Words for a file-system error on the data folder itself. */
export function dataFolderError(err: unknown, home: string, chosen = true): StoreError {
  const CHOOSE = chosen ? 'Choose a folder you can write to with PATCHBAY_HOME' : 'Sign in as the user who owns that folder'
  const code = fsCode(err)
  const cause = err
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new StoreError(`Patchbay cannot write to its data folder ${home}: it is not allowed to (the folder is read-only for you).`, { hint: `${CHOOSE}, or fix that folder's permissions.`, cause })
    case 'EROFS':
      return new StoreError(`Patchbay cannot write to its data folder ${home}: it is on a read-only disk.`, { hint: chosen ? 'Choose a folder on a disk you can write to with PATCHBAY_HOME.' : 'Check how that disk is mounted: Patchbay needs to write there.', cause })
    case 'EEXIST':
    case 'ENOTDIR':
      return new StoreError(`Patchbay's data folder ${home} is a file, or inside a file, not a folder.`, { hint: chosen ? 'Set PATCHBAY_HOME to a folder (Patchbay creates it if it is missing), or move that file away.' : 'Move that file away, then start Patchbay again.', cause })
    case 'ENOSPC':
    case 'EDQUOT':
      return new StoreError(`Patchbay cannot write to its data folder ${home}: the disk is full.`, { hint: 'Free some space, then try again.', cause })
    default:
      return new StoreError(`Patchbay cannot use its data folder ${home}: ${err instanceof Error ? err.message : String(err)}`, { hint: `Check that the folder exists and that you can write there${chosen ? ', or choose another one with PATCHBAY_HOME' : ''}.`, cause })
  }
}
