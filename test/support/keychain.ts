/**
 * The keychain account Patchbay files one connection's secrets under, for tests that look
 * with another Secret Service client (`secret-tool`): `connection:<id>:<data folder label>`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The account of `connectionId` in the data folder `home` (which must have been opened once). */
export function keychainAccount(home: string, connectionId: string): string {
  const { label } = JSON.parse(readFileSync(join(home, 'keychain.json'), 'utf8')) as { label: string }
  return `connection:${connectionId}:${label}`
}
