/**
 * The layer boundaries of issue 10, enforced by lint: the engine imports no front end,
 * a connector imports neither another connector nor accounting, and nothing in src/
 * imports test/. Each rule must fire on a violation and stay quiet on the allowed import.
 */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname })
const lint = async (file: string, from: string) =>
  (await eslint.lintText(`import * as m from '${from}'\nexport const x = m\n`, { filePath: file }))[0].messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)

describe('the engine imports no front end', () => {
  it.each([
    ['src/main/engine/run.ts', '../server'],
    ['src/main/engine/run.ts', '../shell/tray'],
    ['src/main/engine/run.ts', '../cli'],
    ['src/main/engine/run.ts', '../cli/format'],
    ['src/main/engine/run.ts', '../../renderer/src/App']
  ])('refuses %s importing %s', async (file, from) => {
    expect(await lint(file, from)).toEqual([expect.stringContaining('The engine imports no front end')])
  })

  it('allows the engine its own layers', async () => {
    expect(await lint('src/main/engine/run.ts', '../connectors/types')).toEqual([])
    expect(await lint('src/main/engine/run.ts', '../store/config')).toEqual([])
  })
})

describe('connectors import neither each other nor accounting', () => {
  it.each([
    ['src/main/connectors/csv/index.ts', '../hubspot'],
    ['src/main/connectors/mailchimp/members.ts', '../hubspot/cursor'],
    ['src/main/connectors/quickbooks/books/lists.ts', '../../stripe/objects'],
    ['src/main/connectors/platform/define.ts', '../csv']
  ])('refuses %s importing %s', async (file, from) => {
    expect(await lint(file, from)).toEqual([expect.stringContaining('A connector imports no other connector')])
  })

  it.each([
    ['src/main/connectors/quickbooks/index.ts', '../../accounting'],
    ['src/main/connectors/stripe/objects.ts', '../../accounting/post']
  ])('refuses %s importing %s', async (file, from) => {
    expect(await lint(file, from)).toEqual([expect.stringContaining('Connectors import no accounting')])
  })

  it.each([
    ['src/main/connectors/hubspot/index.ts', '../platform'],
    ['src/main/connectors/hubspot/api.ts', '../http'],
    ['src/main/connectors/csv/index.ts', '../types'],
    ['src/main/connectors/quickbooks/index.ts', '../books'],
    ['src/main/connectors/quickbooks/books/lists.ts', '../../books'],
    ['src/main/connectors/quickbooks/books/lists.ts', '../amounts'],
    ['src/main/connectors/hubspot/settings.ts', '../../errors']
  ])('allows %s importing %s', async (file, from) => {
    expect(await lint(file, from)).toEqual([])
  })
})

describe('nothing in src/ imports test/', () => {
  it.each([
    ['src/main/service.ts', '../../test/support/shared'],
    ['src/main/engine/run.ts', '../../../test/connectors/mailchimp/helpers'],
    ['src/main/connectors/hubspot/index.ts', '../../../../test/contract/check'],
    ['src/main/demo/fakes.ts', '../../../test/support/quickbooks-xsd'],
    ['src/main/stand-ins/quickbooks/rules.ts', '../../../../test/support/quickbooks-xsd/xsd-check'],
    ['src/main/shell/tray.ts', '../../../test/helpers'],
    ['src/renderer/src/App.tsx', '../../../test/helpers']
  ])('refuses %s importing %s', async (file, from) => {
    expect(await lint(file, from)).toEqual([expect.stringContaining('Nothing in src/ imports test/')])
  })

  it('lets tests import tests', async () => {
    expect(await lint('test/connectors/hubspot/auth.test.ts', '../../support/shared')).toEqual([])
  })
})
