/**
 * `defineConnector`: a declaration in, the engine's `Connector` out. The toolkit does what
 * every connector used to repeat: check settings (ConfigError naming the field), build the
 * HTTP clients from the description, look objects up ("no such object"), assemble
 * adapters from object functions (splitting writes into batches), and word the test.
 */
import type { ConnectionTest, Connector, ConnectorSession, ObjectAdapter, OpenContext, WriteItem } from '../types'
import type { ConnectorDeclaration, HttpTuning, ObjectDeclaration, ObjectFunctions, OpenedContext } from './declaration'
import { connectionHttp, providerFor } from './http'
import { noSuchObject } from './lookup'
import { readSettings } from './settings'
import { runTest } from './test-wording'

/** The engine's `Connector`, which also carries its declaration (catalogue, auth) for the app. */
export interface DeclaredConnector<S = unknown, C = unknown, T extends HttpTuning = HttpTuning> extends Connector {
  readonly declaration: ConnectorDeclaration<S, C, T>
  /** The same connector with tests' or the benchmark's knobs. */
  tuned(tuning: T): DeclaredConnector<S, C, T>
}

/** A session of a declared connector: the engine's session plus the connector's own state. */
export interface DeclaredSession<C> extends ConnectorSession {
  /** The state `open` returned (clients, catalogues), for the connector's own helpers. */
  readonly state: C
  /** Objects a connection has right now, for connectors whose objects depend on it. */
  objectNames(): Promise<string[]>
}

function isFunctions<C>(build: ObjectDeclaration<C>['build']): build is ObjectFunctions<C> {
  return typeof build !== 'function'
}

/** The engine's adapter assembled from an object's functions. */
export function adapterOf<C>(fns: ObjectFunctions<C>, session: C): ObjectAdapter {
  return {
    maxBatch: fns.maxBatch,
    fields: () => fns.fields(session),
    listChanged: (cursor) => fns.listChanged(session, cursor),
    get: (ids) => (ids.length === 0 ? Promise.resolve([]) : fns.read(session, ids)),
    findByKey: (field, values, normalise) => fns.findByKey(session, field, values, normalise),
    async write(items: WriteItem[]) {
      const out = []
      for (let i = 0; i < items.length; i += fns.maxBatch) out.push(...(await fns.write(session, items.slice(i, i + fns.maxBatch))))
      return out
    }
  }
}

/** Opens a session of a declared connector. */
export async function openDeclared<S, C, T extends HttpTuning>(decl: ConnectorDeclaration<S, C, T>, ctx: OpenContext, tuning: T): Promise<DeclaredSession<C>> {
  const { connection } = ctx
  const label = decl.catalogue.label
  const settings = readSettings(decl.settings, connection, label)
  decl.check?.(settings, ctx.secrets, connection.id)
  const opened: OpenedContext<S, T> = { ...ctx, settings, tuning }
  if (decl.http) {
    const auth = decl.authProvider?.(opened) ?? providerFor(decl.auth, ctx.secrets, label)
    if (!auth) throw new Error(`${decl.system} declares HTTP but no way to authenticate (${decl.auth.kind})`)
    opened.http = connectionHttp(label, decl.http, { connectionId: connection.id, settings, secrets: ctx.secrets }, auth, {
      ...tuning,
      log: tuning.log ?? ctx.log
    })
  }
  const state = await decl.open(opened)
  const known = Object.keys(decl.objects)
  const cache = new Map<string, ObjectAdapter>()
  return {
    state,
    object(name) {
      const which = decl.objectFor ? decl.objectFor(name, state) : decl.objects[name] ? name : undefined
      const object = which === undefined ? undefined : decl.objects[which]
      if (!object) throw noSuchObject(label, name, known, connection.id)
      if (!isFunctions(object.build)) return object.build(state, name)
      let adapter = cache.get(name)
      if (!adapter) cache.set(name, (adapter = adapterOf(object.build, state)))
      return adapter
    },
    test: (): Promise<ConnectionTest> => runTest(() => decl.test(state, opened)),
    objectNames: () => (decl.listObjects ? decl.listObjects(state) : Promise.resolve(known)),
    ...(decl.close ? { close: () => decl.close!(state) } : {}),
    ...decl.extras?.(state, opened)
  }
}

/** Turns a declaration into the engine's `Connector`. */
export function defineConnector<S, C, T extends HttpTuning = HttpTuning>(decl: ConnectorDeclaration<S, C, T>, tuning: T = {} as T): DeclaredConnector<S, C, T> {
  return {
    system: decl.system,
    label: decl.catalogue.label,
    objects: decl.dynamicObjects ? [] : Object.keys(decl.objects),
    declaration: decl,
    open: (ctx) => openDeclared(decl, ctx, tuning),
    tuned: (t) => defineConnector(decl, t)
  }
}
