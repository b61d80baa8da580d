/** "Test connection" for HubSpot: the account details, a cheap read that names the portal. */
import { toErrorData } from '../../errors'
import type { ConnectionTest } from '../types'
import type { HubspotApi } from './api'
import { accountDetailsSchema } from './schemas'

/** Reads the account details and words the outcome for the user. */
export async function testHubspotConnection(api: HubspotApi): Promise<ConnectionTest> {
  try {
    const account = await api.general.request({ url: api.accountPath(), schema: accountDetailsSchema })
    const where = [account.accountType?.toLowerCase(), account.uiDomain].filter(Boolean).join(', ')
    const accountName = `HubSpot portal ${account.portalId}${where ? ` (${where})` : ''}`
    return { ok: true, accountName, message: `Connected to ${accountName}` }
  } catch (err) {
    const data = toErrorData(err)
    return { ok: false, message: data.hint ? `${data.message}. ${data.hint}` : data.message }
  }
}
