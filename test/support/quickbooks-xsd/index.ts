/**
 * Intuit's XSDs as the QuickBooks stand-in's `checkXsd` option: tests start the stand-in with
 * `checkXsd: quickbooksXsd` so every entity it is sent, and every answer it gives, is checked
 * as QuickBooks' own parser does. Test-only: it reads ../shared beside the repository.
 */
import type { XsdChecker } from '../../../src/main/stand-ins/quickbooks/store'
import { checkAgainstXsd, entityType } from './xsd-check'

export const quickbooksXsd: XsdChecker = { check: checkAgainstXsd, entityType }
