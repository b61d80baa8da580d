/** The QuickBooks Online stand-in: server, company state and seed data for tests, benchmarks and the demo. */
export { startFakeQuickBooks, type FakeQuickBooks, type FakeQuickBooksOptions, type InjectedFault, type SeenRequest } from './server'
export { FakeCompany, type CompanyPrefs } from './store'
export { seedCompany, type SeededIds } from './seed'
export type { XsdChecker } from './store'
