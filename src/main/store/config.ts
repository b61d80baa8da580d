/**
 * `config.json`: the user's connections (never their secrets), syncs and settings.
 * Every change is validated before it is saved, and every refusal is a ConfigError
 * that names each bad field and why, in words the settings screen can show as is.
 */
import type { z } from 'zod'
import { connectionSchema, syncSchema, type Connection, type Sync, type SyncInput } from '../../shared/domain'
import { ConfigError } from '../errors'
import { openDocument, type RecoveryNotice, type StoreDocument } from './document'
import { CONFIG_VERSION, configSchema, defaultConfig, secretPaths, settingsSchema, type ConfigData, type Settings, type SettingsInput } from './config-schema'
import { syncProblems } from './sync-checks'
import { describeIssues, formatPath } from './zod-issues'
import { upgradeConfigSourceIds } from '../accounting/migrate'

export type { ConfigData, Settings, SettingsInput } from './config-schema'

/** A connection as the caller may give it: fields with defaults can be left out. */
export type ConnectionInput = z.input<typeof connectionSchema>

/** Connections and syncs saved together (`ConfigStore.saveMany`). */
export interface ManyInput {
  connections: ConnectionInput[]
  syncs: SyncInput[]
}

/** How to open the config store. */
export interface ConfigStoreOptions {
  /** Rotating backups to keep. @default 3 */
  backups?: number
}

/** Connections, syncs and settings, saved to `config.json` on every change. */
export class ConfigStore {
  private constructor(
    private readonly doc: StoreDocument<ConfigData>,
    /** Set when `config.json` was damaged or missing and was restored while opening: tell the user. */
    readonly recovery?: RecoveryNotice
  ) {}

  /**
   * Reads `config.json` again when another Patchbay process (a `patchbay import` in a
   * terminal while the app runs) changed it. Resolves to true when something changed.
   * A file that does not parse is left to the next open, which repairs it.
   */
  reloadIfChanged(): Promise<boolean> {
    return this.doc.reloadIfChanged()
  }

  /** Opens `path` (see `configPath`), creating an empty configuration on first start. */
  static async open(path: string, options: ConfigStoreOptions = {}): Promise<ConfigStore> {
    const { doc, recovery } = await openDocument({
      path,
      schema: configSchema,
      version: CONFIG_VERSION,
      migrations: { 1: upgradeConfigSourceIds },
      defaults: defaultConfig,
      backups: options.backups,
      label: 'your connections, syncs and settings'
    })
    return new ConfigStore(doc, recovery)
  }

  /** Every connection, in the order they were added. */
  listConnections(): Connection[] {
    return structuredClone(this.doc.data.connections)
  }

  /** One connection, or undefined. */
  getConnection(id: string): Connection | undefined {
    const found = this.doc.data.connections.find((c) => c.id === id)
    return found && structuredClone(found)
  }

  /** Adds a connection, or replaces the one with the same id. Refuses invalid fields and secret-looking settings. */
  async upsertConnection(input: ConnectionInput): Promise<Connection> {
    const checked = connectionSchema.safeParse(input)
    const issues = checked.success ? [] : describeIssues(checked.error)
    const secrets = secretPaths((input as { settings?: unknown } | null)?.settings, ['settings'])
    issues.push(...secrets.map((p) => `${formatPath(p)}: looks like a secret; secrets are kept in the system keychain, never in config.json`))
    if (!checked.success || issues.length > 0) {
      throw refusal(`The connection "${labelOf(input)}" cannot be saved`, issues, {
        connectionId: idOf(input),
        hint: secrets.length ? 'Enter API keys and tokens in the Connect step, which stores them in the keychain.' : undefined
      })
    }
    const connection = checked.data
    await this.doc.update((config) => {
      config.connections = replaceOrAppend(config.connections, connection)
    })
    return structuredClone(connection)
  }

  /** Removes a connection; false if there was none. Refused while a sync uses it. */
  async removeConnection(id: string): Promise<boolean> {
    const users = this.doc.data.syncs.filter((s) => s.left.connectionId === id || s.right.connectionId === id)
    if (users.length > 0) {
      const names = users.map((s) => `"${s.name}" (${s.id})`).join(', ')
      throw new ConfigError(`The connection "${id}" is used by the sync${users.length > 1 ? 's' : ''} ${names}, so it cannot be removed.`, {
        connectionId: id,
        syncId: users[0].id,
        hint: 'Remove those syncs, or point them at another connection, first.'
      })
    }
    return this.removeWhere('connections', id)
  }

  /** Every sync, in the order they were added. */
  listSyncs(): Sync[] {
    return structuredClone(this.doc.data.syncs)
  }

  /** One sync, or undefined. */
  getSync(id: string): Sync | undefined {
    const found = this.doc.data.syncs.find((s) => s.id === id)
    return found && structuredClone(found)
  }

  /** Adds a sync, or replaces the one with the same id. Both sides must name existing connections. */
  async upsertSync(input: SyncInput): Promise<Sync> {
    const checked = syncSchema.safeParse(input)
    const issues = checked.success ? [] : describeIssues(checked.error)
    if (checked.success) {
      for (const side of ['left', 'right'] as const) {
        const connectionId = checked.data[side].connectionId
        if (!this.doc.data.connections.some((c) => c.id === connectionId)) issues.push(`${side}.connectionId: there is no connection "${connectionId}"`)
      }
      issues.push(...syncProblems(checked.data))
    }
    if (!checked.success || issues.length > 0) {
      throw refusal(`The sync "${(input as { name?: unknown } | null)?.name ?? idOf(input) ?? '(unnamed)'}" cannot be saved`, issues, { syncId: idOf(input) })
    }
    const sync = checked.data
    await this.doc.update((config) => {
      config.syncs = replaceOrAppend(config.syncs, sync)
    })
    return structuredClone(sync)
  }

  /**
   * Changes some fields of a sync as it is on disk now (say `enabled`), keeping whatever
   * another Patchbay process saved in its other fields. Resolves to the saved sync, or
   * undefined when there is no such sync (any more).
   */
  async patchSync(id: string, patch: Partial<Omit<Sync, 'id'>>): Promise<Sync | undefined> {
    const saved = await this.doc.update((config) => {
      config.syncs = config.syncs.map((s) => (s.id === id ? syncSchema.parse({ ...s, ...patch, id }) : s))
    })
    const found = saved.syncs.find((s) => s.id === id)
    return found && structuredClone(found)
  }

  /** Changes some fields of a connection as it is on disk now (its status, its last test), keeping the rest. */
  async patchConnection(id: string, patch: Partial<Omit<Connection, 'id'>>): Promise<Connection | undefined> {
    const saved = await this.doc.update((config) => {
      config.connections = config.connections.map((c) => (c.id === id ? connectionSchema.parse({ ...c, ...patch, id }) : c))
    })
    const found = saved.connections.find((c) => c.id === id)
    return found && structuredClone(found)
  }

  /**
   * What `saveMany` would refuse, one `connections[i].…` or `syncs[i].…` line per problem;
   * empty when it would save. Syncs may use connections saved already or given with them.
   */
  checkMany(input: ManyInput): string[] {
    const issues: string[] = []
    const ids = new Set(this.doc.data.connections.map((c) => c.id))
    input.connections.forEach((c, i) => {
      const checked = connectionSchema.safeParse(c)
      if (!checked.success) issues.push(...describeIssues(checked.error, ['connections', i]))
      const settings = (c as { settings?: unknown } | null)?.settings
      issues.push(...secretPaths(settings, ['connections', i, 'settings']).map((p) => `${formatPath(p)}: looks like a secret; secrets are kept in the system keychain, never in config.json`))
      const id = idOf(c)
      if (id !== undefined) ids.add(id)
    })
    issues.push(...repeatedIds('connections', input.connections))
    input.syncs.forEach((s, i) => {
      const checked = syncSchema.safeParse(s)
      if (!checked.success) {
        issues.push(...describeIssues(checked.error, ['syncs', i]))
        return
      }
      for (const side of ['left', 'right'] as const) {
        const connectionId = checked.data[side].connectionId
        if (!ids.has(connectionId)) issues.push(`syncs[${i}].${side}.connectionId: there is no connection "${connectionId}"`)
      }
      issues.push(...syncProblems(checked.data).map((p) => `syncs[${i}].${p}`))
    })
    issues.push(...repeatedIds('syncs', input.syncs))
    return issues
  }

  /**
   * Adds or replaces several connections and syncs in one save of config.json: all of
   * them, or, when any one is refused, none (a ConfigError lists every problem).
   */
  async saveMany(input: ManyInput, what = 'These connections and syncs'): Promise<{ connections: Connection[]; syncs: Sync[] }> {
    const issues = this.checkMany(input)
    if (issues.length > 0) throw refusal(`${what} cannot be saved; nothing was saved`, issues, {})
    const connections = input.connections.map((c) => connectionSchema.parse(c))
    const syncs = input.syncs.map((s) => syncSchema.parse(s))
    await this.doc.update((config) => {
      for (const c of connections) config.connections = replaceOrAppend(config.connections, c)
      for (const s of syncs) config.syncs = replaceOrAppend(config.syncs, s)
    })
    return structuredClone({ connections, syncs })
  }

  /** Removes a sync; false if there was none. Its state folder is the engine's to delete. */
  async removeSync(id: string): Promise<boolean> {
    return this.removeWhere('syncs', id)
  }

  /** The app-wide settings. */
  getSettings(): Settings {
    return structuredClone(this.doc.data.settings)
  }

  /** Changes some settings; the others keep their values. Unknown setting names are refused, not ignored. */
  async updateSettings(patch: Partial<SettingsInput>): Promise<Settings> {
    const unknown = Object.keys(patch ?? {})
      .filter((key) => !(key in settingsSchema.shape))
      .map((key) => `settings.${key}: not a setting Patchbay has`)
    const checked = settingsSchema.safeParse({ ...this.doc.data.settings, ...patch })
    const issues = [...unknown, ...(checked.success ? [] : describeIssues(checked.error, ['settings']))]
    if (!checked.success || issues.length > 0) throw refusal('The settings cannot be saved', issues, {})
    // Merged over the settings on disk now, not the ones this process read: another Patchbay
    // process may have changed another setting meanwhile.
    const saved = await this.doc.update((config) => {
      config.settings = settingsSchema.parse({ ...config.settings, ...patch })
    })
    return structuredClone(saved.settings)
  }

  private async removeWhere(list: 'connections' | 'syncs', id: string): Promise<boolean> {
    if (!this.doc.data[list].some((item) => item.id === id)) return false
    await this.doc.update((config) => {
      if (list === 'connections') config.connections = config.connections.filter((c) => c.id !== id)
      else config.syncs = config.syncs.filter((s) => s.id !== id)
    })
    return true
  }
}

/** `syncs[1].id: "x" is used by syncs[0] too`: in one file, the later one would silently replace the earlier. */
function repeatedIds(list: 'connections' | 'syncs', items: readonly unknown[]): string[] {
  const first = new Map<string, number>()
  return items.flatMap((item, i) => {
    const id = idOf(item)
    if (id === undefined) return []
    const at = first.get(id)
    if (at === undefined) {
      first.set(id, i)
      return []
    }
    return [`${list}[${i}].id: "${id}" is used by ${list}[${at}] too; each needs its own id`]
  })
}

function replaceOrAppend<T extends { id: string }>(items: T[], item: T): T[] {
  const at = items.findIndex((existing) => existing.id === item.id)
  return at === -1 ? [...items, item] : items.map((existing, i) => (i === at ? item : existing))
}

function refusal(what: string, issues: string[], meta: { connectionId?: string; syncId?: string; hint?: string }): ConfigError {
  return new ConfigError(`${what}:\n${issues.map((issue) => `- ${issue}`).join('\n')}`, meta)
}

function idOf(input: unknown): string | undefined {
  const id = (input as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id : undefined
}

function labelOf(input: unknown): string {
  const label = (input as { label?: unknown } | null)?.label
  return typeof label === 'string' && label ? label : (idOf(input) ?? '(unnamed)')
}
