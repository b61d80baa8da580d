/**
 * A `SecretStore` that keeps secrets in this process's memory and forgets them on exit.
 *
 * For the demo workspace (whose fake APIs take made-up keys) and for tests that are not
 * about the keychain. It is NEVER used for a real connection's secrets in a production
 * build: real secrets go to the OS keychain (`keytar-store.ts`), and when there is no
 * keychain Patchbay refuses to save them instead of falling back to this.
 */
import { decodeSecrets, encodeSecrets, secretAccount, type ConnectionSecrets, type SecretStore } from './secret-store'

/** Creates an empty in-memory store, optionally filled with `initial` secrets by connection id. */
export function createMemoryStore(initial: Record<string, ConnectionSecrets> = {}): SecretStore {
  // Blobs keyed by account, as the keychain keeps them, so both stores accept and return the same things.
  const blobs = new Map<string, string>()
  for (const [id, secrets] of Object.entries(initial)) blobs.set(secretAccount(id), encodeSecrets(id, secrets))

  return {
    async get(connectionId) {
      const blob = blobs.get(secretAccount(connectionId))
      return blob === undefined ? null : decodeSecrets(connectionId, blob)
    },
    async set(connectionId, secrets) {
      blobs.set(secretAccount(connectionId), encodeSecrets(connectionId, secrets))
    },
    async remove(connectionId) {
      blobs.delete(secretAccount(connectionId))
    },
    async available() {
      return { ok: true }
    }
  }
}
