/**
 * Every system Patchbay can talk to, by the `system` name a connection carries. Systems
 * written as declarations (connectors/platform) also give the app its catalogue.
 */
import type { DeclaredConnector } from './platform'
import type { Connector } from './types'
import { csvConnector } from './csv'
import { describedApiConnector } from './described'
import { hubspotConnector } from './hubspot'
import { mailchimpConnector } from './mailchimp'
import { quickbooksConnector } from './quickbooks'
import { salesforceConnector } from './salesforce'
import { sendgridConnector } from './sendgrid'
import { shipstationConnector } from './shipstation'
import { squareConnector } from './square'
import { stripeConnector } from './stripe'
import { withBooks } from '../accounting/with-books'

/** Connectors added at run time (tests add a toy system with one `addConnector` line). */
const added = new Map<string, Connector>()

/** Adds a connector next to the built-in ones, for every later `builtInConnectors()` and the catalogue. */
export function addConnector(connector: Connector): void {
  added.set(connector.system, connector)
}

/** True for a connector written as a declaration. */
export function isDeclared(connector: Connector): connector is DeclaredConnector {
  return 'declaration' in connector && typeof (connector as { declaration?: unknown }).declaration === 'object'
}

/** The connectors written as declarations, built-in and added, in catalogue order. */
export function declaredConnectors(): DeclaredConnector[] {
  return [csvConnector, hubspotConnector, salesforceConnector, mailchimpConnector, sendgridConnector, stripeConnector, squareConnector, quickbooksConnector, describedApiConnector, shipstationConnector, ...added.values()].filter(isDeclared)
}

/** The built-in connectors, plus any added. */
export function builtInConnectors(): Record<string, Connector> {
  return Object.fromEntries([csvConnector, hubspotConnector, salesforceConnector, mailchimpConnector, sendgridConnector, stripeConnector, squareConnector, quickbooksConnector, describedApiConnector, shipstationConnector, ...added.values()].map((c) => [c.system, withBooks(c)]))
}
