/**
 * A web API described in a file (issue 17): the owner, or whoever set the system up,
 * writes the system's REST API as data (./format.ts, docs/described-api.md) and Patchbay
 * runs it on the connector platform like a built-in system. The connection's setting
 * names the description file; at each open the file is read and checked, a declaration is
 * built from it (./declaration.ts) and opened by the toolkit, so retries, limits, logs,
 * failures and cursors are the platform's own.
 */
import { basename } from 'node:path'
import { ConfigError } from '../../errors'
import { defineConnector, openDeclared, readSettings, type CatalogueEntry, type ConnectorDeclaration, type DeclaredConnector, type HttpTuning } from '../platform'
import type { ConnectorSession, OpenContext } from '../types'
import { declarationFrom, secretsNamed, type DescribedSettings } from './declaration'
import { loadDescription, readDescription } from './load'
import type { ListContext } from './pages'
import { describedSettingsSchema } from './settings'

const catalogue: CatalogueEntry = {
  label: 'Web API described in a file',
  category: 'files',
  kind: 'Any simple web API',
  instructions: [
    'Write (or get from whoever runs the system) a description of its web API: see "A web API described in a file" in Patchbay’s help.',
    'Give the full path of the description file.',
    'Paste the key, token or password the description names when Patchbay asks; it goes to the keychain, never into the file.'
  ],
  inputs: [{ name: 'description', label: 'Description file', secret: false, placeholder: '/Users/me/till-api.yaml' }]
}

/** The catalogue's declaration; each connection's own is built from its description at open. */
export const describedApiDeclaration: ConnectorDeclaration<DescribedSettings, ListContext> = {
  system: 'described-api',
  catalogue,
  auth: { kind: 'none', secrets: [] },
  settings: describedSettingsSchema,
  open: () => {
    throw new ConfigError('A described API opens through its description')
  },
  test: async () => ({ ok: false, message: 'A described API is tested through its description' }),
  objects: {},
  dynamicObjects: true,
  // Connect and reconnect ask for the secrets the description names, by its words.
  async secretInputs(settings) {
    const reading = await readDescription(settings.description)
    // Said to the form as the owner types the path; the command line asks nothing then and the test names it.
    if (!reading.ok) throw new ConfigError(`Patchbay cannot use ${basename(settings.description)} yet: ${reading.problems.join('; ')}`, { hint: 'Check the path, or fix the description as its message says.' })
    const { name, auth } = reading.description
    return secretsNamed(auth).map((s) => ({ name: s.name, label: `${name} ${s.label}`, secret: true }))
  }
}

/** Opens a connection: reads its description, builds the declaration, opens that. */
async function openDescribed(ctx: OpenContext, tuning: HttpTuning): Promise<ConnectorSession> {
  const settings = readSettings(describedSettingsSchema, ctx.connection, catalogue.label)
  const description = await loadDescription(settings.description, ctx.connection.id, ctx.secrets)
  return openDeclared(declarationFrom(description, settings.description, catalogue, describedSettingsSchema), ctx, tuning)
}

function described(tuning: HttpTuning): DeclaredConnector<DescribedSettings, ListContext> {
  return { ...defineConnector(describedApiDeclaration, tuning), open: (ctx) => openDescribed(ctx, tuning), tuned: (t) => described(t) }
}

/** The described-API connector. */
export const describedApiConnector = described({})
