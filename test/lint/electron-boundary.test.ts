/** Only src/main/index.ts and src/main/shell/ may import electron (DESIGN.md §1): the lint rule must say so. */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname })
const lint = async (file: string, code: string) => (await eslint.lintText(code, { filePath: file }))[0].messages.map((m) => m.ruleId)

describe('the electron import boundary', () => {
  it.each(['src/main/engine/run.ts', 'src/main/service.ts', 'src/main/server/index.ts', 'src/renderer/src/App.tsx'])('refuses electron in %s', async (file) => {
    expect(await lint(file, "import { app } from 'electron'\nexport const x = app\n")).toContain('no-restricted-imports')
    expect(await lint(file, "import { ipcMain } from 'electron/main'\nexport const y = ipcMain\n")).toContain('no-restricted-imports')
  })

  it.each(['src/main/index.ts', 'src/main/shell/tray.ts', 'src/preload/index.ts'])('allows electron in %s', async (file) => {
    expect(await lint(file, "import { app } from 'electron'\nexport const x = app\n")).not.toContain('no-restricted-imports')
  })
})
