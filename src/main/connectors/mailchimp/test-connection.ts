/**
 * "Test connection" for Mailchimp: `GET /ping` proves the key and data centre work,
 * `GET /` names the account, and `GET /lists/{list_id}` (when an audience is set) proves
 * the audience exists, so the user sees "Connected as Acme Bakery; audience Newsletter".
 */
import { toErrorData } from '../../errors'
import type { HttpClient } from '../http'
import { connected, testFailed } from '../platform'
import type { ConnectionTest } from '../types'
import { listSchema, pingSchema, rootSchema } from './schemas'

/** Runs the checks and words the outcome through the toolkit. */
export async function testMailchimp(client: HttpClient, listId: string | undefined): Promise<ConnectionTest> {
  let accountName: string | undefined
  try {
    await client.request({ url: '/ping', schema: pingSchema })
    accountName = (await client.request({ url: '/', params: { fields: 'account_name,account_id' }, schema: rootSchema })).account_name
    if (!listId) return connected(accountName, undefined, 'as')
    const list = await client.request({ url: `/lists/${listId}`, params: { fields: 'id,name,stats.member_count' }, schema: listSchema })
    const count = list.stats?.member_count
    const members = count === undefined ? '' : ` (${count.toLocaleString('en-US')} member${count === 1 ? '' : 's'})`
    return connected(accountName, `; audience "${list.name}"${members}`, 'as')
  } catch (err) {
    const missingList = accountName && listId && toErrorData(err).status === 404
    return testFailed(err, accountName, missingList ? `Connected as ${accountName}, but there is no audience "${listId}"` : undefined)
  }
}
