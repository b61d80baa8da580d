/** "No such object", worded once: the system, the name asked for, and the names it has. */
import { ConfigError } from '../../errors'

/** The ConfigError for an object a connection does not offer. */
export function noSuchObject(label: string, name: string, known: readonly string[], connectionId?: string, hint?: string): ConfigError {
  return new ConfigError(`${label} has no object "${name}" that Patchbay can sync`, {
    connectionId,
    hint: hint ?? (known.length > 0 ? `Pick one of: ${known.join(', ')}.` : 'Pick an object this connection offers.')
  })
}
