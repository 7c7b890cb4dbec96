/**
 * The channel names alone, with no zod: what the preload needs for its allowlist, so a sandboxed
 * preload stays a few kilobytes. contract.ts checks at compile time that these lists and its
 * schemas name exactly the same channels.
 */
export const INVOKE_CHANNEL_NAMES = [
  'app:get-info',
  'settings:get',
  'settings:set',
  'items:list',
  'scan:add-paths',
  'progress:get',
  'queue:get',
  'scan:pause',
  'scan:resume',
  'scan:cancel',
  'scan:retry-failed',
  'watch:list',
  'watch:add',
  'watch:remove',
  'watch:set-enabled',
  'credentials:status',
  'credentials:set',
  'credentials:test',
  'credentials:delete',
  'credentials:list',
  'feedback:submit',
  'export:run',
  'export:cancel',
  'export:show-in-folder',
  'scan:add-files',
  'scan:add-folder',
  'scan:plan-paths',
  'scan:stage-paths',
  'scan:confirm-add',
  'scan:discard-add',
  'watch:add-folder',
  'credentials:set-target',
  'items:show-in-folder',
] as const

export const EVENT_CHANNEL_NAMES = [
  'items:changed',
  'progress:changed',
  'queue:changed',
  'watch:changed',
  'command:run-requested',
  'export:progress-changed',
  'items:focus-requested',
  'settings:changed',
  'credentials:changed',
] as const
