/**
 * Deterministic ids in Stripe's shape (`ch_` + 24 characters), from a seeded generator,
 * so two runs of a test see the same ids.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** mulberry32: a small, good-enough PRNG with a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Makes ids like Stripe's: prefix, underscore, 24 letters and digits. */
export function idFactory(seed: number): (prefix: string) => string {
  const random = seededRandom(seed)
  return (prefix) => {
    let s = ''
    for (let i = 0; i < 24; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)]
    return `${prefix}_${s}`
  }
}
