/**
 * Boots the core the same way for every front end (CLI, headless server, Electron):
 * the data folder, the log, the keychain and the service on top.
 */
import { closeLogger, createLogger, queryLogs, Redactor, type LogPage, type LogQuery, type Logger } from './logs'
import { ConfigError } from './errors'
import { PatchbayService } from './service'
import { describeTrigger } from './scheduler'
import { reportRemovedLeftovers } from './store/atomic-file'
import { prepareDataFolder } from './store/data-folder'
import { dataHome, logsDir } from './store/paths'
import { createKeytarStore } from './vault/keytar-store'
import { keychainScope } from './vault/folder-scope'
import { createMemoryStore } from './vault/memory-store'
import type { SecretStore } from './vault/secret-store'

/** A booted core. */
export interface App {
  home: string
  service: PatchbayService
  logger: Logger
  redactor: Redactor
  queryLogs(q: LogQuery): Promise<LogPage>
  /** Plain-language next run of a sync; the scheduler replaces it when it runs. */
  nextRun: (syncId: string) => string
  close(): Promise<void>
}

/** How to boot. */
export interface AppOptions {
  /** @default $PATCHBAY_HOME or ~/.patchbay */
  home?: string
  /** `memory` only for the demo workspace, whose keys are fake. @default 'keychain' */
  secrets?: 'keychain' | 'memory' | SecretStore
  /** @default $PATCHBAY_LOG_LEVEL or 'info' */
  logLevel?: 'debug' | 'info' | 'warn' | 'error'
}

/** Opens the core. */
export async function openApp(o: AppOptions = {}): Promise<App> {
  const home = o.home ?? dataHome()
  // Before the log opens a file there: a read-only folder or a file in its place is told plainly.
  await prepareDataFolder(home, o.home === undefined)
  const redactor = new Redactor()
  const level = o.logLevel ?? (['debug', 'info', 'warn', 'error'].includes(process.env.PATCHBAY_LOG_LEVEL ?? '') ? (process.env.PATCHBAY_LOG_LEVEL as 'debug') : 'info')
  const logger = createLogger({ dir: logsDir(home), redactor, level })
  // What killed Patchbays left half-saved in the data folder is removed on opening; the log says what.
  reportRemovedLeftovers((file) => logger.info({ event: 'cleanup' }, `Removed ${file}, an unfinished save a stopped Patchbay left behind`))
  // Filed under this data folder's own label: another data folder's connection of the same name never shares its key.
  const secrets = typeof o.secrets === 'object' ? o.secrets : o.secrets === 'memory' ? createMemoryStore() : createKeytarStore({ scope: await keychainScope(home) })
  const service = await PatchbayService.open({ home, secrets, logger, onSecret: (v) => redactor.addSecret(v) })
  return {
    home,
    service,
    logger,
    redactor,
    // A bad cursor, limit or time comes from the caller, not from Patchbay: a setting to fix, never "a bug".
    queryLogs: (q) =>
      queryLogs(logsDir(home), q).catch((err: unknown) => {
        if (!(err instanceof RangeError)) throw err
        const cursor = err.message.startsWith('Not a log cursor')
        throw new ConfigError(cursor ? 'That is not a position in the log Patchbay gave out.' : `Cannot read the log that way: ${err.message}.`, {
          hint: cursor ? 'Leave out the cursor to start again from the newest entries.' : 'Change the search and try again.'
        })
      }),
    nextRun: (syncId) => {
      const trigger = service.findSync(syncId)?.trigger
      return trigger ? describeTrigger(trigger, Date.now()) : ''
    },
    async close() {
      await service.close()
      await closeLogger(logger)
    }
  }
}
