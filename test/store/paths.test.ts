import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { configPath, dataHome, logsDir, runsPath, syncDir } from '../../src/main/store/paths'

describe('data folder', () => {
  it('is ~/.patchbay unless PATCHBAY_HOME says otherwise', () => {
    expect(dataHome({})).toBe(join(homedir(), '.patchbay'))
    expect(dataHome({ PATCHBAY_HOME: '   ' })).toBe(join(homedir(), '.patchbay'))
    expect(dataHome({ PATCHBAY_HOME: '/srv/patchbay' })).toBe(resolve('/srv/patchbay'))
  })

  it('expands ~ in PATCHBAY_HOME, which service managers leave alone', () => {
    expect(dataHome({ PATCHBAY_HOME: '~/data/pb' })).toBe(join(homedir(), 'data/pb'))
  })

  it('lays out config, runs, per-sync state and logs inside it', () => {
    expect(configPath('/h')).toBe(join('/h', 'config.json'))
    expect(runsPath('/h')).toBe(join('/h', 'runs.json'))
    expect(syncDir('/h', 'crm-to-books')).toBe(join('/h', 'syncs', 'crm-to-books'))
    expect(logsDir('/h')).toBe(join('/h', 'logs'))
  })

  it('refuses a sync id that would step outside the data folder', () => {
    expect(() => syncDir('/h', '../../etc')).toThrow(/not a valid sync id/)
    expect(() => syncDir('/h', 'a/b')).toThrow(/not a valid sync id/)
  })
})
