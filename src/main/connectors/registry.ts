/** Every system Patchbay can talk to, by the `system` name a connection carries. */
import type { Connector } from './types'
import { csvConnector } from './csv'

/** The built-in connectors. */
export function builtInConnectors(): Record<string, Connector> {
  return { [csvConnector.system]: csvConnector }
}
