/**
 * Where the shared vendor files are: `../shared` beside the repository, wherever it is
 * checked out. Only tests read them; production code (the demo included) never does.
 */
import path from 'node:path'

/** The repository's root folder (this file is test/support/shared.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..')

/** `../shared` beside the repository, or a path inside it: `sharedPath('vendor-specs', 'stripe', 'spec3.yaml')`. */
export function sharedPath(...parts: string[]): string {
  return path.resolve(REPO_ROOT, '..', 'shared', ...parts)
}
