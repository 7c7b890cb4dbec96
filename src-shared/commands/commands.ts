/**
 * Every user command the app offers, named once: the Electron menu, the renderer's toolbar, the
 * keyboard and the shortcut sheet all read this list, so a command has one name and one shortcut
 * wherever it appears. Labels live beside it (command-labels.ts) in both languages, because main
 * words the menu and the renderer words the toolbar.
 *
 * `accelerator` uses Electron's syntax (CmdOrCtrl is Cmd on macOS, Ctrl elsewhere). `key` is a
 * single-key shortcut the renderer handles itself (never while typing in a field).
 */
export const COMMAND_IDS = [
  'add-files',
  'add-folder',
  'watch-folder',
  'export',
  'settings',
  'undo',
  'select-all',
  'find',
  'toggle-view',
  'toggle-preview',
  'toggle-blur',
  'remove',
  'remove-shown',
  'clear-finished',
  'pause-resume',
  'shortcuts',
  'documentation',
  'about',
] as const

export type CommandId = (typeof COMMAND_IDS)[number]

export interface CommandSpec {
  /** A menu accelerator (Electron syntax), for commands with a modifier. */
  readonly accelerator?: string
  /** A bare key the renderer handles, for commands a moderator presses all day. */
  readonly key?: string
}

export const COMMANDS: Readonly<Record<CommandId, CommandSpec>> = {
  'add-files': { accelerator: 'CmdOrCtrl+O' },
  'add-folder': { accelerator: 'CmdOrCtrl+Shift+O' },
  'watch-folder': {},
  export: { accelerator: 'CmdOrCtrl+E' },
  settings: { accelerator: 'CmdOrCtrl+,' },
  undo: { accelerator: 'CmdOrCtrl+Z' },
  'select-all': { accelerator: 'CmdOrCtrl+A' },
  find: { key: '/' },
  'toggle-view': { key: 'g' },
  'toggle-preview': { key: 'Enter' },
  'toggle-blur': {},
  // The queue, kept clean: out of the queue and the database, never off the disk.
  remove: { key: 'Delete' },
  'remove-shown': {},
  'clear-finished': {},
  'pause-resume': {},
  shortcuts: { key: '?' },
  documentation: {},
  about: {},
}
