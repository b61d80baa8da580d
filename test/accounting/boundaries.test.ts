/**
 * The accounting engine works against the books (connectors/books.ts) and the canonical
 * money record only: it imports no connector's folder, and no connector imports it, so
 * Xero can implement the books and Square or PayPal feed them without touching either.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const src = join(root, 'src', 'main')

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

const imports = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1])
const resolved = (file: string, spec: string) => (spec.startsWith('.') ? relative(src, join(file, '..', spec)).split('\\').join('/') : spec)

describe('accounting and connectors meet only at the books interface', () => {
  it('accounting imports no connector folder (only connectors/books, money-record and types)', () => {
    const bad = files(join(src, 'accounting')).flatMap((f) =>
      imports(f)
        .map((s) => resolved(f, s))
        .filter((s) => s.startsWith('connectors/') && !['connectors/books', 'connectors/money-record', 'connectors/types'].includes(s))
        .map((s) => `${relative(src, f)} → ${s}`)
    )
    expect(bad).toEqual([])
  })

  it('no connector imports accounting', () => {
    const bad = files(join(src, 'connectors')).flatMap((f) =>
      imports(f)
        .map((s) => resolved(f, s))
        .filter((s) => s.startsWith('accounting'))
        .map((s) => `${relative(src, f)} → ${s}`)
    )
    // The registry is not a connector: it wraps books connectors with the engine.
    expect(bad.filter((b) => !b.startsWith('connectors/registry.ts'))).toEqual([])
  })
})
