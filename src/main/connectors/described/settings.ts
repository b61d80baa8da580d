/**
 * A described connection's one setting: the full path of its description file. The file
 * stays where the owner keeps it and is read at every open, so an edit takes effect on the
 * next run; `patchbay import` and "Test connection" check it first.
 */
import { homedir } from 'node:os'
import path from 'node:path'
import { z } from 'zod'

/** `~/…` → the home folder. */
export function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p
}

/** The settings as stored. */
export const describedSettingsSchema = z.strictObject({
  /** Full path of the YAML or JSON description (docs/described-api.md). */
  description: z
    .string({ error: 'give the full path of the API description file (.yaml, .yml or .json)' })
    .refine((p) => /\.(ya?ml|json)$/i.test(p), 'the description is a .yaml, .yml or .json file')
    .refine((p) => path.isAbsolute(expandHome(p)), 'give the full path (starting with / or a drive letter, or ~ for your home folder)')
    .transform(expandHome)
})
