/**
 * Where a connection's secrets (API key, OAuth tokens) live: the OS keychain in real
 * use (`keytar-store.ts`), memory for the demo workspace and tests (`memory-store.ts`).
 * lowdb never holds them (DESIGN.md §2). All secrets of one connection are kept as ONE
 * JSON blob under service `Patchbay`, account `connection:<id>:<data folder label>`, so a
 * connection is written and removed in one step and never half-updated.
 */
import { z } from 'zod'
import { connectionSchema } from '../../shared/domain'
import { ConfigError, StoreError } from '../errors'

/** The keychain service every Patchbay secret is filed under. */
export const SECRET_SERVICE = 'Patchbay'

/** A connection's secrets by name, e.g. `{ apiKey }` or `{ accessToken, refreshToken }`. */
export type ConnectionSecrets = Record<string, string>

/**
 * Whether secrets can be kept right now. `reason` is written for the user, not for us;
 * `detail` is what the keychain itself said, for the log.
 */
export type SecretStoreStatus = { ok: true } | { ok: false; reason: string; detail?: string }

/** Keeps each connection's secrets. Every method may throw a `ConfigError` saying what to do. */
export interface SecretStore {
  /** The connection's secrets, or `null` when none are stored. */
  get(connectionId: string): Promise<ConnectionSecrets | null>
  /** Replaces all of the connection's secrets with `secrets`. */
  set(connectionId: string, secrets: ConnectionSecrets): Promise<void>
  /** Forgets the connection's secrets; removing what is not there is not an error. */
  remove(connectionId: string): Promise<void>
  /** Whether secrets can be kept at all, and if not why, in words the user can act on. */
  available(): Promise<SecretStoreStatus>
}

const secretsSchema = z.record(z.string(), z.string())

/**
 * The keychain account that holds one connection's secrets: `connection:<id>`, and with a
 * data folder's label (see `folder-scope.ts`) `connection:<id>:<label>`, so two data folders
 * never share an entry. Rejects ids a connection cannot have (they never contain ':').
 */
export function secretAccount(connectionId: string, folderLabel?: string): string {
  if (!connectionSchema.shape.id.safeParse(connectionId).success) {
    throw new ConfigError(`"${connectionId}" is not a valid connection id, so its credentials cannot be looked up.`, {
      connectionId
    })
  }
  return folderLabel ? `connection:${connectionId}:${folderLabel}` : `connection:${connectionId}`
}

/** The blob stored for a connection. Checks at run time too: secrets arrive over IPC. */
export function encodeSecrets(connectionId: string, secrets: ConnectionSecrets): string {
  const parsed = secretsSchema.safeParse(secrets)
  if (!parsed.success) {
    throw new ConfigError('Credentials must be a set of named text values.', { connectionId })
  }
  return JSON.stringify(parsed.data)
}

/** Reads a stored blob back; a blob that is not ours is a `StoreError`, never a guess. */
export function decodeSecrets(connectionId: string, blob: string): ConnectionSecrets {
  let value: unknown
  try {
    value = JSON.parse(blob)
  } catch {
    throw unreadable(connectionId)
  }
  const parsed = secretsSchema.safeParse(value)
  if (!parsed.success) throw unreadable(connectionId)
  return parsed.data
}

// No `cause`: JSON.parse quotes the text it choked on, and that text is a secret bound for the logs.
function unreadable(connectionId: string): StoreError {
  return new StoreError(`The saved credentials of connection "${connectionId}" could not be read.`, {
    connectionId,
    hint: 'Reconnect this connection to save its credentials again.'
  })
}
