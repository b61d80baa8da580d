/** Every system Patchbay can talk to, by the `system` name a connection carries. */
import type { Connector } from './types'
import { csvConnector } from './csv'
import { hubspotConnector } from './hubspot'
import { mailchimpConnector } from './mailchimp'
import { quickbooksConnector } from './quickbooks'
import { stripeConnector } from './stripe'

/** The built-in connectors. */
export function builtInConnectors(): Record<string, Connector> {
  return Object.fromEntries([csvConnector, hubspotConnector, mailchimpConnector, stripeConnector, quickbooksConnector].map((c) => [c.system, c]))
}
