import { describe, expect, it } from 'vitest'
import { commandsFor } from './program'

describe('commandsFor', () => {
  it('loads only the command a line names, and none for a bare --version', () => {
    expect(commandsFor(['scan', 'a.jpg', '--engine', 'local'])).toEqual(['scan'])
    expect(commandsFor(['export', '--help'])).toEqual(['export'])
    expect(commandsFor(['--version'])).toEqual([])
    expect(commandsFor(['-v'])).toEqual([])
  })

  it('loads every command where help may list them all', () => {
    const all = ['scan', 'watch', 'export', 'feedback', 'credentials', 'emulator']
    expect(commandsFor([])).toEqual(all)
    expect(commandsFor(['--help'])).toEqual(all)
    expect(commandsFor(['bogus'])).toEqual(all)
    // Not an own key: an inherited name must not slip through as a command.
    expect(commandsFor(['toString'])).toEqual(all)
  })
})
