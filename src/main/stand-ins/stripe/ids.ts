/**
 * Deterministic ids in Stripe's shape (`ch_` + 24 characters), from a seeded generator,
 * so two runs of a test see the same ids.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

import { seeded as seededRandom } from '../../../shared/random'

export { seededRandom }

/** Makes ids like Stripe's: prefix, underscore, 24 letters and digits. */
export function idFactory(seed: number): (prefix: string) => string {
  const random = seededRandom(seed)
  return (prefix) => {
    let s = ''
    for (let i = 0; i < 24; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)]
    return `${prefix}_${s}`
  }
}
