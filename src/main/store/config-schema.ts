/**
 * The shape of `config.json` and the rule that keeps secrets out of it: secrets
 * belong in the OS keychain (src/main/vault), and a plain JSON file in the user's
 * home folder gets copied into backups, support emails and bug reports.
 */
import { z } from 'zod'
import { connectionSchema, syncSchema } from '../../shared/domain'

/** The file format version this code writes (2: accounting syncs name the payment id `source_id`, see accounting/migrate.ts). */
export const CONFIG_VERSION = 2

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** The computer's own zone: what a new user expects schedules to run in. */
function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** App-wide settings; every field has a default so a file from before a setting existed still opens. */
export const settingsSchema = z.object({
  /** Zone for schedules that do not name their own. */
  timeZone: z.string().refine(isTimeZone, 'not a time zone Patchbay knows; use a name like Europe/Paris').default(systemTimeZone),
  /** Show desktop notifications for failures, reconnects and waiting conflicts. */
  notifications: z.boolean().default(true),
  startAtLogin: z.boolean().default(false),
  /** How many syncs may run at once; more makes a small laptop and the vendors' rate limits suffer. */
  maxConcurrentRuns: z.number().int().min(1).max(16).default(2),
  /** Light or dark monitor, or whichever the computer uses ('system'). @default 'system' */
  theme: z.enum(['system', 'light', 'dark'], { message: 'choose system (the same as this computer), light or dark' }).default('system')
})
export type Settings = z.infer<typeof settingsSchema>
export type SettingsInput = z.input<typeof settingsSchema>

/** Everything in `config.json`. */
export const configSchema = z.object({
  connections: z.array(connectionSchema).default([]),
  syncs: z.array(syncSchema).default([]),
  settings: settingsSchema.default(() => settingsSchema.parse({}))
})
export type ConfigData = z.infer<typeof configSchema>

/** An empty configuration, for a first start. */
export function defaultConfig(): ConfigData {
  return configSchema.parse({})
}

const SECRET_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'passphrase', 'pwd', 'credential', 'credentials', 'apikey', 'privatekey'])

/**
 * Whether a setting's name looks like it holds a secret: it contains a word such as
 * token, secret or password, or ends in "key" (apiKey, api_key, privateKey); names of
 * addresses (tokenUrl, redirectUri) are not secrets.
 */
export function looksLikeSecretName(name: string): boolean {
  // Split camelCase, snake_case and kebab-case into words so "monkey" is not a key but "signingKey" is.
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  // An address is not a secret, even the address of a token endpoint (tokenUrl, redirectUri).
  if (['url', 'uri', 'endpoint'].includes(words.at(-1) ?? '')) return false
  if (words.some((w) => SECRET_WORDS.has(w))) return true
  return words.at(-1) === 'key'
}

/** Paths (below `settings`) of every key, at any depth, that looks like a secret. */
export function secretPaths(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => secretPaths(item, [...path, i]))
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(looksLikeSecretName(key) ? [[...path, key]] : []),
    ...secretPaths(inner, [...path, key])
  ])
}
