/**
 * Turns Node's file-system errors into a StoreError a person can act on: the raw
 * `ENOSPC` means nothing to the owner of a flower shop, "the disk is full" does.
 */
import { dirname } from 'node:path'
import { PatchbayError, StoreError } from '../errors'

/** The `code` of a Node system error (`ENOENT`, `EACCES`...), if it has one. */
export function fsCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** Wraps a failed file operation; `action` completes "Could not …" (e.g. "save config.json"). */
export function storeErrorFromFs(err: unknown, action: string, path: string): PatchbayError {
  if (err instanceof PatchbayError) return err
  const reason = err instanceof Error ? err.message : String(err)
  return new StoreError(`Could not ${action}: ${reason}`, { hint: hintFor(fsCode(err), dirname(path)), cause: err })
}

function hintFor(code: string | undefined, folder: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'The disk is full. Free some space, then try again.'
    case 'EACCES':
    case 'EPERM':
      return `Patchbay is not allowed to write in ${folder}. Check that folder's permissions.`
    case 'EROFS':
      return `${folder} is on a read-only disk. Move Patchbay's data folder somewhere writable.`
    case 'EMFILE':
    case 'ENFILE':
      return 'Too many files are open on this computer. Restart Patchbay.'
    default:
      return `Check that ${folder} exists and that Patchbay can write there.`
  }
}
