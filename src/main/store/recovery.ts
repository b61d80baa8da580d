/**
 * What happens when a document cannot be read: the damaged file is moved aside (never
 * deleted), the newest backup that still opens is put back, and the user is told in
 * plain words what was lost.
 */
import { stat } from 'node:fs/promises'
import { backupPaths, exists, keepCopy } from './backups'
import { readText, type VersionedJsonFile } from './versioned-file'

/** What Patchbay did about a damaged or missing document, to tell the user once. */
export interface RecoveryNotice {
  /** The document's path. */
  file: string
  /** Where the damaged file was moved; null when there was no file to move (it had been deleted). */
  movedTo: string | null
  /** The backup that is now the document; null when none was usable and the document started empty. */
  restoredFrom: string | null
  /** The whole story for a non-engineer, ready for a notification or a banner. */
  message: string
}

/** What recovery needs to know about the document. */
export interface RecoveryContext<T> {
  file: VersionedJsonFile<T>
  backups: number
  defaults: () => T
  /** The document in the user's words, e.g. "your connections, syncs and settings". */
  label: string
  now?: Date
}

/**
 * Puts the document back from its newest good backup, or from defaults when none is
 * usable. `damage` says why the file was rejected; null means the file was missing.
 */
export async function recoverDocument<T>(ctx: RecoveryContext<T>, damage: string | null): Promise<{ data: T; notice: RecoveryNotice }> {
  const { file, now = new Date() } = ctx
  const backup = await newestGoodBackup(file, ctx.backups)
  // Linked aside first, replaced second: a crash in between leaves the damaged file in place to be handled again, never no file at all.
  const movedTo = damage === null ? null : await moveAside(file.path, now)
  const data = backup?.data ?? ctx.defaults()
  await file.replace(data)
  const notice: RecoveryNotice = { file: file.path, movedTo, restoredFrom: backup?.path ?? null, message: '' }
  notice.message = describeRecovery(notice, ctx.label, damage, backup)
  return { data, notice }
}

/** Whether any backup file exists, to tell "never created" from "deleted". */
export async function hasBackups(path: string, count: number): Promise<boolean> {
  for (const backup of backupPaths(path, count)) if (await exists(backup)) return true
  return false
}

interface GoodBackup<T> {
  path: string
  data: T
  savedAt: Date
  /** 0 for `.bak1`; more means newer backups were unusable too. */
  index: number
}

async function newestGoodBackup<T>(file: VersionedJsonFile<T>, count: number): Promise<GoodBackup<T> | null> {
  for (const [index, path] of backupPaths(file.path, count).entries()) {
    try {
      const text = await readText(path)
      if (text === null) continue
      const { data } = file.decode(text)
      return { path, data, savedAt: (await stat(path)).mtime, index }
    } catch {
      // Damaged, unreadable or from a newer version: try the next older one.
    }
  }
  return null
}

async function moveAside(path: string, now: Date): Promise<string | null> {
  // Colons are not allowed in Windows file names.
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  let target = `${path}.corrupt-${stamp}`
  for (let n = 2; await exists(target); n++) target = `${path}.corrupt-${stamp}-${n}`
  return (await keepCopy(path, target)) ? target : null
}

function describeRecovery(notice: RecoveryNotice, label: string, damage: string | null, backup: GoodBackup<unknown> | null): string {
  const parts: string[] = []
  if (damage === null) {
    parts.push(`Patchbay could not find ${label}: the file ${notice.file} was missing, probably deleted.`)
  } else {
    parts.push(`Patchbay could not read ${label} because the file ${notice.file} was damaged: ${damage}.`)
    if (notice.movedTo) parts.push(`The damaged file was moved to ${notice.movedTo}, so nothing in it is thrown away.`)
  }
  if (backup) {
    const older = backup.index > 0 ? ' (the newer backups were damaged too)' : ''
    parts.push(`Patchbay restored the most recent good backup, ${backup.path}, saved on ${formatLocal(backup.savedAt)}${older}.`)
    parts.push(`Changes made after that time are lost, so please check ${label}.`)
  } else {
    parts.push(`No usable backup was found, so Patchbay started again with ${label} empty.`)
  }
  return parts.join(' ')
}

/** "2025-03-04 at 14:05", in the computer's own time zone: the user's clock, not UTC. */
function formatLocal(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} at ${pad(date.getHours())}:${pad(date.getMinutes())}`
}
