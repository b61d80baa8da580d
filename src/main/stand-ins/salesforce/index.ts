/** The fake Salesforce org: start it, seed it, inject faults, read what it recorded. */
export { startFakeSalesforce, FAKE_SALESFORCE_VERSION, type FakeSalesforce, type FakeSalesforceOptions } from './server'
export { seedSalesforce } from './seed'
export { FakeOrg, sfDate, parseSfDate, type FakeRecord } from './store'
export { FaultPlan, type FaultKind, type FaultOptions, type FaultRates } from './faults'
export type { FakeConnectedApp } from './oauth'
