/**
 * The `patchbay` command as the tests run it: the built bin/patchbay.js (out/main/cli.js) in a
 * child process on one data folder. Test files that use it register `beforeAll(ensureBuilt)`
 * (test/e2e/helpers.ts), which rebuilds out/ first when the sources changed.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from './shared'

const exec = promisify(execFile)

/** The command's file. */
export const PATCHBAY_BIN = join(REPO_ROOT, 'bin', 'patchbay.js')

/** What a command printed, and its exit code. */
export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `patchbay <args>` with PATCHBAY_HOME=`home`; resolves whatever the exit code. */
export async function runPatchbay(home: string, args: string[], o: { timeoutMs?: number } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [PATCHBAY_BIN, ...args], { env: { ...process.env, PATCHBAY_HOME: home }, timeout: o.timeoutMs ?? 60_000 })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}
