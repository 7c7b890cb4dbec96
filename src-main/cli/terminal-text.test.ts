import { describe, expect, it } from 'vitest'
import { terminalSafe, terminalSafeLines } from './terminal-text'

describe('terminalSafe', () => {
  it('shows every control character a terminal would obey as a visible escape', () => {
    expect(terminalSafe('\x1b]0;pwned\x07.jpg')).toBe('\\x1b]0;pwned\\x07.jpg')
    expect(terminalSafe('\x1b[2J.jpg')).toBe('\\x1b[2J.jpg')
    expect(terminalSafe('a\tb\nc\rd\x00e\x7f')).toBe('a\\tb\\nc\\rd\\x00e\\x7f')
    // C1: U+009B is a one-character CSI on many terminals; U+202E turns "gpj.exe" around.
    expect(terminalSafe('x\u009b2Jy\u0085z')).toBe('x\\x9b2Jy\\x85z')
    expect(terminalSafe('photo\u202egpj.exe')).toBe('photo\\u202egpj.exe')
  })

  it('leaves ordinary names alone: Chinese, emoji, spaces, Windows backslashes', () => {
    for (const name of ['海滩 🏖.jpg', 'C:\\Users\\me\\a b.png', 'café – été.webp']) {
      expect(terminalSafe(name)).toBe(name)
    }
  })

  it('keeps the line breaks of a multi-line message and escapes the rest', () => {
    expect(terminalSafeLines("error: unknown option '\x1b[2J'\n")).toBe(
      "error: unknown option '\\x1b[2J'\n",
    )
  })
})
