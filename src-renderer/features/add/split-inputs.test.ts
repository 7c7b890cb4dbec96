import { describe, expect, it } from 'vitest'
import { splitInputs } from './split-inputs'

describe('splitInputs', () => {
  it('keeps paths with spaces whole, splits URL lists, skips blanks and comments, strips quotes', () => {
    const text = [
      '/home/me/My Photos/猫 1.jpg',
      '',
      '# a comment',
      'https://a.example/1.jpg https://a.example/2.png',
      '"C:\\Users\\me\\Pictures\\x.jpg"',
    ].join('\n')
    expect(splitInputs(text)).toEqual([
      '/home/me/My Photos/猫 1.jpg',
      'https://a.example/1.jpg',
      'https://a.example/2.png',
      'C:\\Users\\me\\Pictures\\x.jpg',
    ])
  })
})
