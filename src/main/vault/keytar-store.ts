/**
 * The OS keychain as a `SecretStore`, through keytar: the macOS Keychain, the Windows
 * Credential Manager, or on Linux any Secret Service (GNOME Keyring, KeePassXC).
 *
 * keytar is archived upstream, so everything that touches it stays in this file, and it
 * is imported on first use only: the rest of the app still loads where its native module
 * is missing, and a later swap to another binding changes this file alone.
 *
 * There is no fallback. When no keychain answers, `available()` says so in words the user
 * can act on and every read or write throws a `ConfigError` with the same words; secrets
 * are never written anywhere else, least of all in clear text on disk.
 */
import { ConfigError } from '../errors'
import type { KeychainScope } from './folder-scope'
import {
  SECRET_SERVICE,
  decodeSecrets,
  encodeSecrets,
  secretAccount,
  type SecretStore,
  type SecretStoreStatus
} from './secret-store'

const NO_KEYCHAIN = {
  problem: 'Patchbay keeps passwords in your system keychain, and none is running.',
  hint: 'On Linux install and start GNOME Keyring (or KeePassXC with Secret Service) and try again.'
}
const MODULE_MISSING = {
  problem: 'Patchbay could not load the part of itself that talks to your system keychain, so it cannot keep passwords.',
  hint: 'Reinstall Patchbay and try again.'
}

/** What `available()` and every refusal say when no keychain answers. */
export const NO_KEYCHAIN_MESSAGE = `${NO_KEYCHAIN.problem} ${NO_KEYCHAIN.hint}`

/** What they say when keytar's native module cannot be loaded on this machine. */
export const KEYCHAIN_MODULE_MISSING_MESSAGE = `${MODULE_MISSING.problem} ${MODULE_MISSING.hint}`

/** The three keytar calls Patchbay uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

/** Options of `createKeytarStore`. */
export interface KeytarStoreOptions {
  /**
   * How long the keychain may take to answer the availability probe before we decide none
   * is running. Without a Secret Service daemon keytar can hang instead of failing; a busy
   * computer, or a keychain still starting, can take a few seconds to answer, and telling the
   * owner "no keychain is running" when one is would be wrong.
   * @default 10000
   */
  probeTimeoutMs?: number
  /**
   * How long one read, write or delete may take once the probe has answered. Long, because
   * the keychain may be showing the user an unlock prompt.
   * @default 120000
   */
  operationTimeoutMs?: number
  /**
   * Loads keytar. Tests replace it to play a missing or hanging keychain.
   * @default a dynamic `import('keytar')`
   */
  loadKeytar?: () => Promise<KeytarApi>
  /**
   * The data folder whose secrets these are (`keychainScope(home)`): its label is part of
   * every account, so two data folders never read or overwrite each other's keys.
   * @default none: accounts are the connection id alone (as before labels)
   */
  scope?: KeychainScope
}

type Problem = { problem: string; hint: string; detail: string }

/** An account no connection can have (connection ids cannot contain ':'), read to see whether anyone answers. */
const PROBE_ACCOUNT = 'patchbay:probe'

/** Creates the keychain-backed store. Nothing touches keytar until the first call. */
export function createKeytarStore(options: KeytarStoreOptions = {}): SecretStore {
  const probeTimeoutMs = options.probeTimeoutMs ?? 10_000
  const operationTimeoutMs = options.operationTimeoutMs ?? 120_000
  const load = options.loadKeytar ?? importKeytar
  let keytar: Promise<KeytarApi> | undefined
  let pendingProbe: Promise<unknown> | undefined

  /** keytar, or what went wrong, in the user's words: the probe every call starts with. */
  async function probe(): Promise<KeytarApi | Problem> {
    let api: KeytarApi
    try {
      api = await (keytar ??= load())
    } catch (err) {
      return { ...MODULE_MISSING, detail: describe(err) }
    }
    // A read, not a write: nothing matches it, so it cannot pop an unlock prompt, and a
    // locked keychain on a desktop still counts as running (the first real write unlocks it).
    // One probe at a time: a hung call keeps a libuv worker thread, and piling up more of
    // them would starve file I/O for the whole app.
    pendingProbe ??= api.getPassword(SECRET_SERVICE, PROBE_ACCOUNT).finally(() => {
      pendingProbe = undefined
    })
    try {
      await withTimeout(pendingProbe, probeTimeoutMs)
      return api
    } catch (err) {
      return { ...NO_KEYCHAIN, detail: describe(err) }
    }
  }

  /** Runs one keychain call for a connection, turning every way it can fail into a `ConfigError`. */
  async function use<T>(connectionId: string, action: 'read' | 'save' | 'remove', call: (api: KeytarApi) => Promise<T>): Promise<T> {
    const api = await probe()
    if (isProblem(api)) {
      throw new ConfigError(`${api.problem} ${api.hint}`, { connectionId, hint: api.hint, vendorMessage: api.detail })
    }
    try {
      return await withTimeout(call(api), operationTimeoutMs)
    } catch (err) {
      const what = `the credentials of connection "${connectionId}"`
      const [problem, hint] =
        err instanceof KeychainTimeout
          ? [`Your system keychain did not answer when Patchbay tried to ${action} ${what}.`, 'If it is asking for your password, unlock it and try again.']
          : [`Your system keychain refused to let Patchbay ${action} ${what}.`, 'Make sure the keychain is unlocked and try again.']
      throw new ConfigError(`${problem} ${hint}`, { connectionId, hint, vendorMessage: describe(err), cause: err })
    }
  }

  const scope = options.scope
  return {
    async get(connectionId) {
      const account = secretAccount(connectionId, scope?.label)
      let blob = await use(connectionId, 'read', (api) => api.getPassword(SECRET_SERVICE, account))
      if (blob === null && scope?.legacy) {
        // A folder from before labels: its secrets may still be filed under the id alone. Copied
        // to the folder's own account, so a later change is never hidden behind the old entry.
        const old = await use(connectionId, 'read', (api) => api.getPassword(SECRET_SERVICE, secretAccount(connectionId)))
        if (old !== null) {
          decodeSecrets(connectionId, old)
          await use(connectionId, 'save', (api) => api.setPassword(SECRET_SERVICE, account, old))
          blob = old
        }
      }
      return blob === null ? null : decodeSecrets(connectionId, blob)
    },
    async set(connectionId, secrets) {
      const account = secretAccount(connectionId, scope?.label)
      const blob = encodeSecrets(connectionId, secrets)
      await use(connectionId, 'save', (api) => api.setPassword(SECRET_SERVICE, account, blob))
    },
    async remove(connectionId) {
      const account = secretAccount(connectionId, scope?.label)
      await use(connectionId, 'remove', (api) => api.deletePassword(SECRET_SERVICE, account))
      // Else a connection made again under the same id would find the old key.
      if (scope?.legacy) await use(connectionId, 'remove', (api) => api.deletePassword(SECRET_SERVICE, secretAccount(connectionId)))
    },
    async available(): Promise<SecretStoreStatus> {
      const api = await probe()
      return isProblem(api) ? { ok: false, reason: `${api.problem} ${api.hint}`, detail: api.detail } : { ok: true }
    }
  }
}

async function importKeytar(): Promise<KeytarApi> {
  // keytar is CommonJS: depending on the loader its functions sit on the namespace or on `default`.
  const mod = (await import('keytar')) as unknown as KeytarApi & { default?: KeytarApi }
  return mod.default ?? mod
}

function isProblem(value: KeytarApi | Problem): value is Problem {
  return 'problem' in value
}

class KeychainTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KeychainTimeout(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
