/**
 * No code, test, bench or script names a folder of one machine (the checkout, a home
 * folder): from any other checkout such a path fails, or silently reads something else.
 * Shared vendor files are found through test/support/shared.ts, relative to the repository.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../support/shared'

const FOLDERS = ['src', 'test', 'bench', 'scripts']
const TEXT = /\.(ts|tsx|js|mjs|cjs|json|md|sh|yaml|yml|css|html)$/

/**
 * An absolute path into the work, root or farm folders at the top of the disk, or into
 * someone's home folder (under home or Users). The illustrative owners "you" and "me" of
 * examples and placeholders are fine.
 * Built from parts so this file does not match itself.
 */
const MACHINE_PATH = new RegExp(`(?<![\\w.~/-])/(?:(?:${['work', 'root', 'farm'].join('|')})/|(?:home|Users)/(?!(?:you|me)/)[\\w.-]+)`)

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(full)
    return TEXT.test(e.name) ? [full] : []
  })
}

/** `file:line: text` for every line naming a machine folder. */
function machinePaths(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (MACHINE_PATH.test(line) ? [`${path.relative(REPO_ROOT, file)}:${i + 1}: ${line.trim().slice(0, 160)}`] : []))
}

describe('no machine folders in the code', () => {
  it('recognises the paths it is looking for, and leaves examples and URLs alone', () => {
    const hit = (line: string) => machinePaths('x.ts', line).length > 0
    expect(hit(`const SPEC = '${'/work'}/shared/vendor-specs/stripe/spec3.yaml'`)).toBe(true)
    expect(hit(`readFileSync("${'/home'}/alice/data.csv")`)).toBe(true)
    expect(hit(`cd ${'/Users'}/bob/patchbay`)).toBe(true)
    expect(hit(`HOME=${'/root'}/ node x`)).toBe(true)
    expect(hit(`placeholder: '${'/home'}/you/Documents/customers.csv'`)).toBe(false)
    expect(hit('see https://mailchimp.com/developer/marketing/api/root/')).toBe(false)
    expect(hit("path.resolve(REPO_ROOT, '..', 'shared')")).toBe(false)
  })

  it.each(FOLDERS)('%s/ names no folder of this machine', (folder) => {
    const found = files(path.join(REPO_ROOT, folder)).flatMap((file) => machinePaths(file, readFileSync(file, 'utf8')))
    expect(found).toEqual([])
  })
})
