import { describe, expect, it } from 'vitest'
import { judgedFrame } from './item-details'

describe('judgedFrame', () => {
  it('is the highest-rated frame, by the number its URL names, else by its place', () => {
    const frames = (list: { rate: number; url: string }[]) => [{ extras: { frames: list } }]
    expect(
      judgedFrame(
        frames([
          { rate: 70, url: 'https://f.example/x/0.jpg' },
          { rate: 95, url: 'https://f.example/x/12.jpg?sig=1' },
        ]),
      ),
    ).toBe(12)
    expect(
      judgedFrame(
        frames([
          { rate: 70, url: 'oss://b/a' },
          { rate: 71, url: 'oss://b/b' },
        ]),
      ),
    ).toBe(1)
    expect(judgedFrame([{}, { extras: {} }])).toBeNull()
  })
})
