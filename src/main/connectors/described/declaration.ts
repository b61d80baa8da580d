/**
 * A description (data, from the owner's file) → a connector declaration, built at each
 * open: the same toolkit as the built-in systems then gives it its HTTP client (limits,
 * retries, Retry-After, scrubbed logs), its error classes and its test wording.
 */
import path from 'node:path'
import type { z } from 'zod'
import { AuthError } from '../../errors'
import type { AuthProvider } from '../http/auth'
import { connected, type AuthDeclaration, type ConnectorDeclaration, type ObjectDeclaration } from '../platform'
import type { CatalogueEntry } from '../platform'
import type { Description } from './format'
import { describedObject } from './object'
import type { ListContext } from './pages'
import type { describedSettingsSchema } from './settings'

/** A described connection's settings. */
export type DescribedSettings = z.infer<typeof describedSettingsSchema>

/** The secrets a description names, with what the owner calls each. */
export function secretsNamed(auth: Description['auth']): { name: string; label: string }[] {
  switch (auth.kind) {
    case 'api-key':
      return [{ name: auth.secret, label: 'API key' }]
    case 'bearer':
      return [{ name: auth.secret, label: 'access token' }]
    case 'basic':
      return [
        { name: auth.username, label: 'user name' },
        { name: auth.password, label: 'password' }
      ]
    case 'none':
      return []
  }
}

function authOf(auth: Description['auth']): AuthDeclaration {
  const secrets = secretsNamed(auth).map((s) => ({ name: s.name, pasted: true }))
  switch (auth.kind) {
    case 'api-key':
      return { kind: 'api-key', secrets, key: auth.secret, sendAs: { header: auth.header, ...(auth.prefix ? { prefix: auth.prefix } : {}) } }
    case 'bearer':
      return { kind: 'api-key', secrets, key: auth.secret, sendAs: { header: 'Authorization', prefix: 'Bearer ' } }
    case 'basic':
      return { kind: 'basic', secrets, username: auth.username, password: auth.password }
    case 'none':
      return { kind: 'none', secrets: [] }
  }
}

/** For `auth: none`: requests go as they are. */
const noAuth: AuthProvider = {
  kind: 'api-key',
  secretNames: {},
  apply: async () => undefined,
  test: async () => ({ ok: true, message: 'Connected' })
}

/** The declaration of one description, read from `file`. */
export function declarationFrom(d: Description, file: string, catalogue: CatalogueEntry, settings: ConnectorDeclaration<DescribedSettings, ListContext>['settings']): ConnectorDeclaration<DescribedSettings, ListContext> {
  const named = secretsNamed(d.auth)
  const fns = new Map(Object.entries(d.objects).map(([name, obj]) => [name, describedObject(d, file, name, obj)]))
  const objects: Record<string, ObjectDeclaration<ListContext>> = {}
  for (const [name, obj] of Object.entries(d.objects)) objects[name] = { label: obj.label ?? name, key: obj.key, idempotency: { by: 'match-key' }, build: fns.get(name)! }
  return {
    system: 'described-api',
    catalogue: { ...catalogue, label: d.name },
    auth: authOf(d.auth),
    settings,
    check(_settings, secrets, connectionId) {
      const absent = named.filter((s) => !secrets[s.name])
      if (absent.length === 0) return
      throw new AuthError(`This ${d.name} connection has no ${absent.map((s) => `${s.label} ("${s.name}")`).join(' or ')} in the keychain`, {
        connectionId,
        hint: `${path.basename(file)} names the secret; paste it when you reconnect, or give it under the connection's secrets in an import file.`
      })
    },
    http: {
      baseUrl: d.baseUrl,
      limits: { windows: [{ requests: d.rateLimit.requests, everyMs: d.rateLimit.perSeconds * 1000 }], concurrency: d.rateLimit.atOnce },
      errors: [{ status: 401, becomes: 'auth', message: `${d.name} did not accept the ${named.map((s) => s.label).join(' and ') || 'request'}{said}`, hint: `Paste the ${named.map((s) => s.label).join(' and ')} again when you reconnect.` }]
    },
    ...(d.auth.kind === 'none' ? { authProvider: () => noAuth } : {}),
    open: (ctx) => ({ description: d, file, client: ctx.http!.client, connectionId: ctx.connection.id }),
    async test(state) {
      // One page of each object: the base URL, the key, and each list's items and key paths.
      const read: string[] = []
      for (const [name, object] of fns) read.push(`${await object.firstPage(state)} ${name} on the first page`)
      return connected(d.name, `; ${read.join(', ')}`)
    },
    objects
  }
}
