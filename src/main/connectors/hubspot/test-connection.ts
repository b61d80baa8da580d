/** "Test connection" for HubSpot: the account details, a cheap read that names the portal. */
import type { ConnectionTest } from '../types'
import { connected } from '../platform'
import type { HubspotApi } from './api'
import { accountDetailsSchema } from './schemas'

/** Reads the account details; the toolkit words a failure. */
export async function testHubspotConnection(api: HubspotApi): Promise<ConnectionTest> {
  const account = await api.general.request({ url: api.accountPath(), schema: accountDetailsSchema })
  const where = [account.accountType?.toLowerCase(), account.uiDomain].filter(Boolean).join(', ')
  return connected(`HubSpot portal ${account.portalId}${where ? ` (${where})` : ''}`)
}
