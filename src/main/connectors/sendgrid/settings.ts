/**
 * A SendGrid connection's settings, checked once when the connection opens (the toolkit
 * turns a wrong setting into a ConfigError naming it).
 */
import { z } from 'zod'

/** The settings as stored, with defaults applied. */
export const sendgridSettingsSchema = z.object({
  /** Where the account lives: `global` (api.sendgrid.com) or `eu` (api.eu.sendgrid.com, for EU-pinned subusers). @default 'global' */
  region: z.enum(['global', 'eu']).default('global'),
  /** API root without `/v3`; tests and the demo point it at the stand-in. @default from `region` */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** A list (its id, Marketing → Contacts → Lists → the list → the id in the address) every contact Patchbay adds joins. @default none */
  listId: z.uuid({ message: 'use the list id from Marketing → Contacts → Lists (it looks like 1e8b2c70-…)' }).optional(),
  /**
   * An unsubscribe group (Suppressions → Unsubscribe Groups → its id) an unsubscribe from the
   * other system goes to; without one it goes to the global unsubscribes. Either way it is
   * never taken back by Patchbay. @default none (global)
   */
  unsubscribeGroupId: z.number().int().positive().optional(),
  /** First wait between checks of an import or export job, in ms; it grows to 10 s. @default 500 */
  pollMs: z.number().int().min(1).max(60_000).default(500),
  /** How long a run waits for one job before it stops and tries again next run, in ms. @default 900000 (15 min) */
  jobWaitMs: z.number().int().min(1000).max(3_600_000).default(900_000)
})

/** A SendGrid connection's settings after checking. */
export type SendgridSettings = z.infer<typeof sendgridSettingsSchema>

/** The API root for these settings. */
export function sendgridBaseUrl(s: Pick<SendgridSettings, 'baseUrl' | 'region'>): string {
  if (s.baseUrl) return s.baseUrl.replace(/\/+$/, '')
  return s.region === 'eu' ? 'https://api.eu.sendgrid.com' : 'https://api.sendgrid.com'
}
