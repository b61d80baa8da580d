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
  'conflicts:settle-field',
  'conflicts:reopen',
  'failures:list',
  'failure:retry',
  'failure:dismiss',
  'deletes:allow',
  'deletes:keep',
  'connection:test',
  'logs:query',
  'record:story',
  'connection:secret-inputs',
  'app:info',
  'run:get',
  'runs:daily',
  'sync:create',
  'sync:update',
  'sync:preview-edit',
  'sync:remove',
  'sync:pause',
  'sync:resume',
  'trigger:describe',
  'transforms:example',
  'templates:list',
  'systems:list',
  'connections:list',
  'connection:add',
  'connection:rename',
  'connection:sign-in-start',
  'connection:sign-in-finish',
  'connection:sign-in-cancel',
  'connection:remove',
  'connection:objects',
  'connection:fields',
  'file:peek',
  'settings:get',
  'settings:update'
] as const

/** Events pushed to the UI. */
export const EVENTS = ['event:run-started', 'event:run-progress', 'event:run-finished', 'event:changed', 'event:navigate', 'event:alert'] as const
