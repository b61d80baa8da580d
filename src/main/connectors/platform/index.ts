/**
 * The connector platform: `defineConnector` and the toolkit every declaration uses.
 * How to add a system: CONNECTORS.md at the repository root.
 */
export * from './declaration'
export { adapterOf, defineConnector, openDeclared, type DeclaredConnector, type DeclaredSession } from './define'
export { cursorCodec, type CursorCodec } from './cursor'
export { connectionHttp, providerFor, requestWords, untilMidnightUtc, vendorClassifier } from './http'
export { limiterFor } from './limits'
export { noSuchObject } from './lookup'
export { itemsOf, pages, type PageAnswer, type PageRequest, type PagesOptions } from './paging'
export { readSettings, settingsProblems } from './settings'
export { connected, runTest, testFailed } from './test-wording'
