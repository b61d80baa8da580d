/** The fake QuickBooks Online: server, company state and seed data for tests and benchmarks. */
export { startFakeQuickBooks, type FakeQuickBooks, type FakeQuickBooksOptions, type InjectedFault, type SeenRequest } from './server'
export { FakeCompany, type CompanyPrefs } from './store'
export { seedCompany, type SeededIds } from './seed'
export { checkAgainstXsd, entityType } from './xsd-check'
