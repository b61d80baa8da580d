/**
 * Where Patchbay keeps its files (DESIGN.md §6). The desktop app passes Electron's
 * `userData` folder instead; these helpers only decide the layout inside it.
 */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { StoreError } from '../errors'

/** Same rule as a sync's id in src/shared/domain.ts; repeated here because it guards a path. */
const SYNC_ID = /^[a-z0-9][a-z0-9-]{0,62}$/

/** The data folder in headless mode: `$PATCHBAY_HOME`, or `~/.patchbay`. */
export function dataHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PATCHBAY_HOME?.trim()
  if (!fromEnv) return join(homedir(), '.patchbay')
  // Service managers (systemd, launchd) do not expand `~`, so a unit file's value would otherwise be taken literally.
  if (fromEnv === '~' || fromEnv.startsWith('~/')) return join(homedir(), fromEnv.slice(1))
  return resolve(fromEnv)
}

/** `config.json`: connections (without secrets), syncs and settings. */
export function configPath(home: string): string {
  return join(home, 'config.json')
}

/** `runs.json`: the run history of every sync. */
export function runsPath(home: string): string {
  return join(home, 'runs.json')
}

/** The folder holding one sync's state document (links, cursors, conflicts, failures, journal). */
export function syncDir(home: string, syncId: string): string {
  // The id becomes a folder name: refuse anything that could climb out of `home`.
  if (!SYNC_ID.test(syncId)) throw new StoreError(`"${syncId}" is not a valid sync id, so it cannot name a folder.`)
  return join(home, 'syncs', syncId)
}

/** The folder of the structured run logs. */
export function logsDir(home: string): string {
  return join(home, 'logs')
}
