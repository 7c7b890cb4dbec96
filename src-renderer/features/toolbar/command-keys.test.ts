import { describe, expect, it } from 'vitest'
import { ariaKeyShortcuts, commandForKey, formatAccelerator, shortcutText } from './command-keys'

const key = (k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean }> = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: false,
})

describe('command keys', () => {
  it('names shortcuts the way each platform does', () => {
    expect(formatAccelerator('CmdOrCtrl+Shift+O', false)).toBe('Ctrl+Shift+O')
    expect(formatAccelerator('CmdOrCtrl+,', true)).toBe('Cmd+,')
    expect(ariaKeyShortcuts('add-files', false)).toBe('Control+O')
    expect(ariaKeyShortcuts('shortcuts', false)).toBe('?')
    expect(shortcutText('watch-folder', false)).toBeNull()
  })

  it('maps key presses to commands, and leaves accelerators to the menu where there is one', () => {
    const page = { typing: false, withAccelerators: true, mac: false }
    expect(commandForKey(key('o', { ctrl: true }), page)).toBe('add-files')
    expect(commandForKey(key('O', { ctrl: true, shift: true }), page)).toBe('add-folder')
    expect(commandForKey(key(',', { ctrl: true }), page)).toBe('settings')
    expect(commandForKey(key('o', { meta: true }), page)).toBeNull()
    expect(commandForKey(key('o', { ctrl: true }), { ...page, withAccelerators: false })).toBeNull()
    expect(commandForKey(key('?', { shift: true }), page)).toBe('shortcuts')
    expect(commandForKey(key('/'), page)).toBe('find')
    // Typing a "?" or "/" in a field is typing.
    expect(commandForKey(key('/'), { ...page, typing: true })).toBeNull()
  })

  it('removes from the queue with Delete, in Electron too, but never while typing', () => {
    const desktop = { typing: false, withAccelerators: false, mac: false }
    expect(commandForKey(key('Delete'), desktop)).toBe('remove')
    expect(commandForKey(key('Delete'), { ...desktop, typing: true })).toBeNull()
    expect(commandForKey(key('Delete', { ctrl: true }), desktop)).toBeNull()
  })
})
