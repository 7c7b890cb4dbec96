import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { COMMAND_IDS, type CommandId } from '../../src-shared/commands'
import { buildMenuTemplate, type MenuPlatform, type MenuState } from './menu-template'

const IDLE: MenuState = { itemCount: 3, queue: 'idle', undoable: false }

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? items(item.submenu) : []),
  ])
}

function find(template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const found = items(template).find((item) => item.id === id)
  if (!found) throw new Error(`no menu item ${id}`)
  return found
}

const submenuLabels = (menu: MenuItemConstructorOptions) =>
  (menu.submenu as MenuItemConstructorOptions[])
    .filter((item) => item.type !== 'separator')
    .map((item) => item.label)

const build = (platform: MenuPlatform, state: MenuState = IDLE, language: 'en' | 'zh-CN' = 'en') =>
  buildMenuTemplate(platform, language, state, () => undefined)

describe('application menu', () => {
  it.each(['win32', 'linux'] as const)(
    'on %s: File, Edit, View, Window, Help, with Settings and Quit under File, About under Help',
    (platform) => {
      const template = build(platform)
      expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help'])
      expect(submenuLabels(template[0]!)).toEqual([
        'Add Files…',
        'Add Folder…',
        'Watch Folder…',
        'Pause Scanning',
        'Export…',
        'Settings',
        'Quit Greenlight',
      ])
      expect(submenuLabels(template[4]!)).toEqual([
        'Keyboard Shortcuts',
        'Documentation',
        'About Greenlight',
      ])
    },
  )

  it('on macOS: the app menu holds About, Settings, Services, Hide and Quit; no mnemonics', () => {
    const template = build('darwin')
    expect(template.map((m) => m.label)).toEqual([
      'Greenlight',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ])
    const app = template[0]!.submenu as MenuItemConstructorOptions[]
    expect(app.map((item) => item.role ?? item.id).filter(Boolean)).toEqual([
      'about',
      'settings',
      'services',
      'hide',
      'hideOthers',
      'unhide',
      'quit',
    ])
    expect(template[4]!.role).toBe('windowMenu')
    expect(submenuLabels(template[5]!)).toEqual(['Keyboard Shortcuts', 'Documentation'])
    // Quit and Settings live in the app menu only.
    expect(items(template.slice(1)).some((i) => i.role === 'quit' || i.id === 'settings')).toBe(
      false,
    )
  })

  it('takes every accelerator from src-shared/commands', () => {
    const template = build('linux')
    expect(find(template, 'add-files').accelerator).toBe('CmdOrCtrl+O')
    expect(find(template, 'add-folder').accelerator).toBe('CmdOrCtrl+Shift+O')
    expect(find(template, 'export').accelerator).toBe('CmdOrCtrl+E')
    expect(find(template, 'settings').accelerator).toBe('CmdOrCtrl+,')
    expect(find(template, 'undo').accelerator).toBe('CmdOrCtrl+Z')
    expect(find(template, 'select-all').accelerator).toBe('CmdOrCtrl+A')
    expect(find(template, 'watch-folder').accelerator).toBeUndefined()
  })

  it('shows the keys the page handles without registering them, so fields still type them', () => {
    const find_ = find(build('win32'), 'find')
    expect(find_.accelerator).toBe('/')
    expect(find_.registerAccelerator).toBe(false)
    expect(find(build('win32'), 'shortcuts').registerAccelerator).toBe(false)
    expect(find(build('win32'), 'add-files').registerAccelerator).toBeUndefined()
  })

  it('keeps the text-editing roles so fields can cut, copy, paste and select all', () => {
    const roles = items(build('linux')).map((item) => item.role)
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll']))
    expect(find(build('linux'), 'select-all').role).toBe('selectAll')
  })

  it('offers every command somewhere in the menu, on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const ids = items(build(platform)).map((item) => item.id)
      expect(ids).toEqual(expect.arrayContaining([...COMMAND_IDS]))
    }
  })

  it('speaks Chinese when the user chose it', () => {
    const template = build('win32', IDLE, 'zh-CN')
    expect(template.map((m) => m.label)).toEqual([
      '文件(&F)',
      '编辑(&E)',
      '视图(&V)',
      '窗口(&W)',
      '帮助(&H)',
    ])
    expect(find(template, 'add-files').label).toBe('添加文件…')
    expect(find(template, 'pause-resume').label).toBe('暂停扫描')
    expect(items(template).find((i) => i.role === 'paste')?.label).toBe('粘贴(&P)')
    expect(build('darwin', IDLE, 'zh-CN')[1]!.label).toBe('文件')
  })

  it('disables Export when there is nothing to export', () => {
    expect(find(build('linux', { ...IDLE, itemCount: 0 }), 'export').enabled).toBe(false)
    expect(find(build('linux', { ...IDLE, itemCount: 1 }), 'export').enabled).toBe(true)
  })

  it('offers Resume when the queue is paused and Pause otherwise', () => {
    expect(find(build('linux', { ...IDLE, queue: 'paused' }), 'pause-resume').label).toBe(
      'Resume Scanning',
    )
    expect(find(build('linux', { ...IDLE, queue: 'running' }), 'pause-resume').label).toBe(
      'Pause Scanning',
    )
  })

  it('offers the review workspace commands (list/grid, preview, blur), which the page runs', () => {
    const review: CommandId[] = ['toggle-view', 'toggle-preview', 'toggle-blur']
    for (const id of review) expect(find(build('darwin'), id).enabled).not.toBe(false)
  })

  it('enables Undo while a decision is in its grace period', () => {
    expect(find(build('darwin'), 'undo').enabled).toBe(false)
    expect(find(build('darwin', { ...IDLE, undoable: true }), 'undo').enabled).toBe(true)
  })

  it('hands a click to run() with its command', () => {
    const run = vi.fn()
    const template = buildMenuTemplate('linux', 'en', IDLE, run)
    const click = find(template, 'export').click as () => void
    click()
    expect(run).toHaveBeenCalledWith('export')
  })
})
