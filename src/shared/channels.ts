/**
 * Channel and event names as plain data. The sandboxed preload imports this file, not
 * the zod contract: a sandboxed preload cannot load npm packages. `contract.ts` checks
 * at compile time that this list and its schemas name the same channels.
 */
export const CHANNELS = [
  'status:get',
  'sync:run',
  'runs:list',
  'run:undo',
  'conflicts:list',
  'conflict:resolve',
  'failures:list',
  'failure:retry',
  'failure:dismiss',
  'connection:test',
  'logs:query'
] as const

/** Events pushed to the UI. */
export const EVENTS = ['event:run-progress', 'event:run-finished', 'event:changed', 'event:navigate'] as const
