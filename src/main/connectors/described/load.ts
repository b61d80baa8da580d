/**
 * Reading a description file: YAML or JSON by its name, checked against ./format.ts, every
 * problem as `field.path: why` so the owner can find the line to fix. Read at every open
 * (Test connection, each run), so an edit to the file takes effect on the next run.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ConfigError } from '../../errors'
import { formatPath } from '../../store/zod-issues'
import { descriptionSchema, type Description } from './format'

/** A description file read and checked: the description, or every problem with it. */
export type DescriptionReading = { ok: true; description: Description } | { ok: false; problems: string[] }

/**
 * Reads and checks `file`; never throws for a bad file, only lists what is wrong.
 * @param secrets the connection's secrets: a file that holds one of them is refused, since
 * a description is shared and copied about and a key must live in the keychain only.
 */
export async function readDescription(file: string, secrets: Record<string, string> = {}): Promise<DescriptionReading> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
    return { ok: false, problems: [missing ? `there is no file ${file}` : `Patchbay may not read ${file} (${(err as Error).message})`] }
  }
  const held = Object.entries(secrets).filter(([, value]) => value.length >= 8 && text.includes(value))
  if (held.length > 0) {
    return { ok: false, problems: held.map(([name]) => `auth: the file holds the secret "${name}" itself; take it out (the file only names the secret) and paste it when you connect`) }
  }
  let raw: unknown
  const yaml = /\.ya?ml$/i.test(file)
  try {
    raw = yaml ? (await import('yaml')).parse(text) : JSON.parse(text)
  } catch (err) {
    return { ok: false, problems: [`it is not valid ${yaml ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`] }
  }
  const parsed = descriptionSchema.safeParse(raw)
  if (parsed.success) return { ok: true, description: parsed.data }
  return { ok: false, problems: parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`) }
}

/** The checked description in `file`; a ConfigError naming the file and the first wrong field otherwise. */
export async function loadDescription(file: string, connectionId?: string, secrets: Record<string, string> = {}): Promise<Description> {
  const reading = await readDescription(file, secrets)
  if (reading.ok) return reading.description
  const [first, ...more] = reading.problems
  throw new ConfigError(`The API description ${path.basename(file)} is wrong: ${first}${more.length ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})` : ''}`, {
    connectionId,
    hint: 'Fix the description file and run again; nothing was read or written.'
  })
}
