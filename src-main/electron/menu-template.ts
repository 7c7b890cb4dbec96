import type { MenuItemConstructorOptions } from 'electron'
import { commandLabel, COMMANDS, type CommandId, type Language } from '../../src-shared/commands'
import type { QueueStatus } from '../../src-shared/ipc'
import { shellText, type ShellStringKey } from './shell-strings'

/** What the menu's enablement depends on; main rebuilds the menu when any of it changes. */
export interface MenuState {
  /** Items in the store: Export needs at least one. */
  readonly itemCount: number
  readonly queue: QueueStatus['state']
  /** A decision is still in its grace period, so Undo has something to take back. */
  readonly undoable: boolean
}

export type MenuPlatform = 'darwin' | 'win32' | 'linux'

/** The label that says what clicking does now: pause a running queue, resume a paused one. */
export function pauseResumeLabel(language: Language, queue: QueueStatus['state']): string {
  return shellText(language, queue === 'paused' ? 'resumeScanning' : 'pauseScanning')
}

/**
 * The application menu as a pure function of platform, language and state, so it is tested per
 * platform without Electron. Every command comes from src-shared/commands with its accelerator;
 * keys the page handles itself (`/`, `g`, `?`) are shown but not registered, so typing them in a
 * field still types them. `run` is called with the command a click chose.
 */
export function buildMenuTemplate(
  platform: MenuPlatform,
  language: Language,
  state: MenuState,
  run: (id: CommandId) => void,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  // Mnemonics (&File, 文件(&F)) are a Windows and Linux convention; macOS menus have none.
  const text = (key: ShellStringKey) => {
    const label = shellText(language, key)
    return mac ? label.replace(/\(&\w\)|&/g, '') : label
  }
  const command = (id: CommandId, enabled = true): MenuItemConstructorOptions => {
    const { accelerator, key } = COMMANDS[id]
    const item: MenuItemConstructorOptions = {
      id,
      label: commandLabel(id, language),
      enabled,
      click: () => {
        run(id)
      },
    }
    if (accelerator) item.accelerator = accelerator
    else if (key) {
      item.accelerator = key.length === 1 ? key.toUpperCase() : key
      item.registerAccelerator = false
    }
    return item
  }
  const separator: MenuItemConstructorOptions = { type: 'separator' }

  const pauseResume: MenuItemConstructorOptions = {
    ...command('pause-resume'),
    label: pauseResumeLabel(language, state.queue),
  }
  const file: MenuItemConstructorOptions = {
    label: text('file'),
    submenu: [
      command('add-files'),
      command('add-folder'),
      command('watch-folder'),
      separator,
      pauseResume,
      separator,
      command('export', state.itemCount > 0),
      ...(mac
        ? [separator, { role: 'close', label: text('closeWindow') } as const]
        : [
            separator,
            command('settings'),
            separator,
            { role: 'quit', label: text('quit') } as const,
          ]),
    ],
  }
  const edit: MenuItemConstructorOptions = {
    label: text('edit'),
    submenu: [
      command('undo', state.undoable),
      separator,
      // Removing from the queue acts on the page's selection and filter: the page asks first.
      command('remove', state.itemCount > 0),
      command('remove-shown', state.itemCount > 0),
      command('clear-finished', state.itemCount > 0),
      separator,
      { role: 'cut', label: text('cut') },
      { role: 'copy', label: text('copy') },
      { role: 'paste', label: text('paste') },
      // The text-field role, so Ctrl/Cmd+A keeps working in every field.
      {
        id: 'select-all',
        role: 'selectAll',
        label: commandLabel('select-all', language),
        accelerator: COMMANDS['select-all'].accelerator,
      },
      separator,
      command('find'),
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: text('view'),
    submenu: [
      command('toggle-view'),
      command('toggle-preview'),
      command('toggle-blur'),
      separator,
      { role: 'resetZoom', label: text('resetZoom') },
      { role: 'zoomIn', label: text('zoomIn') },
      { role: 'zoomOut', label: text('zoomOut') },
      separator,
      { role: 'togglefullscreen', label: text('fullScreen') },
    ],
  }
  const window: MenuItemConstructorOptions = mac
    ? {
        role: 'windowMenu',
        label: text('window'),
        submenu: [
          { role: 'minimize', label: text('minimize') },
          { role: 'zoom', label: text('zoom') },
          separator,
          { role: 'front', label: text('front') },
        ],
      }
    : {
        label: text('window'),
        submenu: [
          { role: 'minimize', label: text('minimize') },
          { role: 'close', label: text('closeWindow') },
        ],
      }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: text('help'),
    submenu: [
      command('shortcuts'),
      command('documentation'),
      ...(mac ? [] : [separator, command('about')]),
    ],
  }
  if (!mac) return [file, edit, view, window, help]

  // macOS: the app menu holds About, Settings and Quit; Hide and Services are the platform's.
  const appMenu: MenuItemConstructorOptions = {
    label: 'Greenlight',
    submenu: [
      command('about'),
      separator,
      command('settings'),
      separator,
      { role: 'services', label: text('services') },
      separator,
      { role: 'hide', label: text('hide') },
      { role: 'hideOthers', label: text('hideOthers') },
      { role: 'unhide', label: text('showAll') },
      separator,
      { role: 'quit', label: text('quit') },
    ],
  }
  return [appMenu, file, edit, view, window, help]
}
