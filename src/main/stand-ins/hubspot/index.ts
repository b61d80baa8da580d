/** The fake HubSpot: start it, seed it, inject faults, read what it recorded. */
export { startFakeHubspot, type FakeHubspot, type FakeHubspotOptions } from './server'
export { seedContacts, type SeedOptions } from './seed'
export { FakeStore, type FakeRecord } from './store'
export { FaultPlan, seeded, type FaultKind, type FaultOptions, type FaultRates } from './faults'
export type { FakeLimits } from './limits'
