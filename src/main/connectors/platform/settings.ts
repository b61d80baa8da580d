/**
 * Settings → ConfigError, once for every connector: a connection's settings are checked
 * against the declaration's zod schema when it opens, so a typo stops the sync with a
 * message naming the setting instead of failing half-way.
 */
import type { ZodType } from 'zod'
import type { Connection } from '../../../shared/domain'
import { ConfigError } from '../../errors'

/** Every problem as `settings.field: why`, without throwing (checks before a connection is saved). */
export function settingsProblems<S>(schema: ZodType<S>, settings: unknown): string[] {
  const parsed = schema.safeParse(settings ?? {})
  if (parsed.success) return []
  return parsed.error.issues.map((issue) => `${['settings', ...issue.path.map(String)].join('.')}: ${issue.message}`)
}

/** The settings with defaults applied; throws a ConfigError naming the first wrong setting. */
export function readSettings<S>(schema: ZodType<S>, connection: Pick<Connection, 'id' | 'settings'>, label: string): S {
  const parsed = schema.safeParse(connection.settings ?? {})
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue.path.map(String).join('.') || 'settings'
  throw new ConfigError(`The ${label} connection's setting "${where}" is wrong: ${issue.message}`, {
    connectionId: connection.id,
    hint: 'Fix that setting in the connection (or remove it to use the default) and run again.'
  })
}
