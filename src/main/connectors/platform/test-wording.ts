/**
 * "Test connection" wording, once: a success names the account ("Connected to …"), a
 * failure is the error's message and what to do next, in one sentence pair.
 */
import { toErrorData } from '../../errors'
import type { ConnectionTest } from '../types'

/** A test that passed: `Connected to <account>` or `Connected as <account>`, plus detail. */
export function connected(accountName: string | undefined, detail?: string, verb: 'to' | 'as' = 'to'): ConnectionTest {
  const who = accountName ? `Connected ${verb} ${accountName}` : 'Connected'
  return { ok: true, accountName, message: detail ? `${who}${detail}` : who }
}

/** A test that failed because `err` was thrown; `what` replaces the error's own message. */
export function testFailed(err: unknown, accountName?: string, what?: string): ConnectionTest {
  const data = toErrorData(err)
  const message = what ?? data.message
  return { ok: false, ...(accountName === undefined ? {} : { accountName }), message: data.hint ? `${message}. ${data.hint}` : message }
}

/** Runs `check` and turns any thrown error into a failed test. */
export async function runTest(check: () => Promise<ConnectionTest>): Promise<ConnectionTest> {
  try {
    return await check()
  } catch (err) {
    return testFailed(err)
  }
}
