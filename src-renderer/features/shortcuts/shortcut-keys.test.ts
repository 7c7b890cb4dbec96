import { describe, expect, it } from 'vitest'
import { COMMAND_IDS, COMMANDS, type CommandId } from '../../../src-shared/commands'
import { isTyping } from '../../commands/is-typing'
import { commandForKey } from '../toolbar/command-keys'

/** Every key a keyboard sends alone: printable ASCII and the named keys. */
const KEYS = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...['Enter', 'Escape', 'Tab', 'Backspace', 'Delete', 'Home', 'End', 'PageUp', 'PageDown'],
  ...['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'F1', 'F5', 'Insert'],
]
const MODIFIERS = ['ctrlKey', 'metaKey', 'altKey'] as const

function press(
  key: string,
  held: Partial<Record<(typeof MODIFIERS)[number] | 'shiftKey', boolean>>,
) {
  return { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...held }
}

function element(tagName: string, type?: string): EventTarget {
  const el = document.createElement(tagName)
  if (type !== undefined) el.setAttribute('type', type)
  return el
}

/** What the window's key handler runs for a key pressed on `target` (use-desktop-commands.ts). */
function fired(
  target: EventTarget | null,
  event: ReturnType<typeof press>,
  withAccelerators = true,
): CommandId | null {
  return commandForKey(event, {
    typing: isTyping(target, event.key),
    withAccelerators,
    mac: false,
  })
}

const TEXT_FIELDS = [
  element('input'),
  ...['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date'].map((type) =>
    element('input', type),
  ),
  element('textarea'),
  element('select'),
  { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget,
]

describe('shortcuts and the keyboard', () => {
  it('no key typed in a text field runs a bare-key command, nor undoes a decision', () => {
    for (const field of TEXT_FIELDS)
      for (const key of KEYS)
        for (const shiftKey of [false, true]) {
          expect(fired(field, press(key, { shiftKey })), `${key} in a field`).toBeNull()
          // With Ctrl held, only a command that needs it (Ctrl+O adds files): Ctrl+Z undoes typing.
          const id = fired(field, press(key, { shiftKey, ctrlKey: true }))
          if (id !== null) {
            expect(COMMANDS[id].accelerator, `Ctrl+${key} in a field ran ${id}`).toBeDefined()
            expect(id).not.toBe('undo')
          }
        }
  })

  it('with Ctrl, Cmd or Alt held, a key runs only a command whose accelerator asks for that', () => {
    for (const target of [null, element('div'), element('button')])
      for (const key of KEYS)
        for (const modifier of MODIFIERS)
          for (const shiftKey of [false, true]) {
            const id = fired(target, press(key, { [modifier]: true, shiftKey }))
            if (id === null) continue
            const accelerator = COMMANDS[id].accelerator ?? ''
            expect(accelerator, `${modifier}+${key} ran ${id}`).toMatch(/^CmdOrCtrl\+/)
            expect(modifier, `${modifier}+${key} ran ${id}`).toBe('ctrlKey')
            expect(accelerator.split('+').at(-1)?.toLowerCase()).toBe(key.toLowerCase())
            // In Electron the menu owns accelerators: the page runs none.
            expect(fired(target, press(key, { [modifier]: true, shiftKey }), false)).toBeNull()
          }
  })

  it('a bare key runs exactly the command that names it, from anywhere but a text field', () => {
    const named = new Map<string, CommandId[]>()
    for (const id of COMMAND_IDS) {
      const key = COMMANDS[id].key
      if (key !== undefined) named.set(key, [...(named.get(key) ?? []), id])
    }
    const ran = new Set<CommandId>()
    for (const target of [null, element('div'), element('button'), element('input', 'checkbox')])
      for (const key of KEYS) {
        const id = fired(target, press(key, { shiftKey: key === '?' }))
        if (id === null) continue
        expect(named.get(key), `${key} ran ${id}`).toContain(id)
        ran.add(id)
      }
    // The sheet and the search at least: `?` and `/` work after a click on a checkbox filter too.
    expect([...ran]).toEqual(expect.arrayContaining(['shortcuts', 'find']))
  })

  it('a radio or a slider keeps its arrows, Space, Home and End, but letters are shortcuts', () => {
    for (const type of ['radio', 'range']) {
      const control = element('input', type)
      for (const key of ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', ' '])
        expect(isTyping(control, key), `${key} on a ${type}`).toBe(true)
      for (const key of ['j', 'k', 'p', 'b', '/', '?'])
        expect(isTyping(control, key), `${key} on a ${type}`).toBe(false)
      // Asked without the key: typing, to be safe.
      expect(isTyping(control)).toBe(true)
    }
    for (const type of ['checkbox', 'button', 'submit', 'reset', 'color', 'file', 'image'])
      for (const key of KEYS) expect(isTyping(element('input', type), key)).toBe(false)
    for (const target of [null, element('div'), element('button'), element('a')])
      expect(isTyping(target)).toBe(false)
  })
})
