import { describe, expect, it } from 'vitest'
import { judgedFrame } from './item-details'

describe('judgedFrame', () => {
  it.each([
    [
      'the number its URL names',
      [
        { rate: 70, url: 'https://f.example/x/0.jpg' },
        { rate: 95, url: 'https://f.example/x/12.jpg?sig=1' },
      ],
      12,
    ],
    [
      'its place, when the URL names none',
      [
        { rate: 70, url: 'oss://b/a' },
        { rate: 71, url: 'oss://b/b' },
      ],
      1,
    ],
  ])('is the highest-rated frame, by %s', (_how, frames, frame) => {
    expect(judgedFrame([{}, { extras: { frames } }])).toBe(frame)
  })

  it('is null when no frames were judged', () => {
    expect(judgedFrame([{}, { extras: {} }])).toBeNull()
  })
})
