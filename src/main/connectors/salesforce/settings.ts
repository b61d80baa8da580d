/**
 * A Salesforce connection's settings (non-secret). The instance URL comes from the token
 * answer at sign-in; the login server is production, sandbox or the org's My Domain.
 */
import { z } from 'zod'
import { QUERY_BATCH_MAX, SALESFORCE_API_VERSION, SALESFORCE_LOGIN } from './vendor'

/** Settings of a Salesforce connection. */
export const salesforceSettingsSchema = z.object({
  /** Where the owner signs in. @default https://login.salesforce.com */
  loginUrl: z.url().default(SALESFORCE_LOGIN.production),
  /** The org's own address, from the token answer's `instance_url`. */
  instanceUrl: z.url().optional(),
  /** @default v66.0 */
  apiVersion: z.string().regex(/^v\d+\.\d$/, 'a version such as v66.0').default(SALESFORCE_API_VERSION),
  /**
   * The external-id field to upsert by, per object (`{ contacts: 'Patchbay_Key__c' }`):
   * creates then go through upsert, so a create sent twice cannot make two records.
   * @default {}
   */
  externalIds: z.record(z.string(), z.string().regex(/^\w+$/, 'a field API name such as Patchbay_Key__c')).default({}),
  /** More fields to read per object, beyond the standard ones (custom fields, `…__c`). @default {} */
  fields: z.record(z.string(), z.array(z.string().regex(/^\w+$/))).default({}),
  /** Records a query page asks for (200–2,000). @default 2000 */
  queryBatchSize: z.number().int().min(200).max(QUERY_BATCH_MAX).default(QUERY_BATCH_MAX),
  /** Share of the daily API allowance used at which syncs are held, leaving the rest to the org's other apps. @default 0.95 */
  holdAtShare: z.number().min(0.5).max(1).default(0.95)
})

/** Settings of a Salesforce connection, defaults filled in. */
export type SalesforceSettings = z.infer<typeof salesforceSettingsSchema>
