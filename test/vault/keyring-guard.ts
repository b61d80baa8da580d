/**
 * Whether the keychain tests may run. `scripts/with-keyring.sh` sets PATCHBAY_KEYRING=1
 * after making sure a Secret Service answers; outside it those tests skip, loudly. Inside
 * it nothing skips: a keychain that does not work there is a failure, not a skip.
 */
import { describe } from 'vitest'

/** True when running under `scripts/with-keyring.sh`. */
export const inKeyring = process.env.PATCHBAY_KEYRING === '1'

const HOW = 'bash scripts/with-keyring.sh npx vitest run test/vault'

/** `describe` for tests that need the real OS keychain; skipped, with the reason in the title, outside the script. */
export function describeKeychain(title: string, body: () => void): void {
  if (inKeyring) {
    describe(title, body)
    return
  }
  console.warn(
    `\n!!! SKIPPED "${title}": these tests need a running keychain and are not inside scripts/with-keyring.sh.\n` +
      `!!! Run them with: ${HOW}\n`
  )
  describe.skip(`${title} [SKIPPED: not inside scripts/with-keyring.sh; run: ${HOW}]`, body)
}
