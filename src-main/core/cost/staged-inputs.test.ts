import { describe, expect, it } from 'vitest'
import { StagedInputs } from './staged-inputs'

describe('StagedInputs', () => {
  it('collects the chunks of one add under one id, and gives them back once', () => {
    const staged = new StagedInputs()
    const id = staged.append(undefined, ['/a.jpg', '/b.jpg'])
    expect(id).not.toBeNull()
    expect(staged.append(id ?? '', ['/c.jpg'])).toBe(id)
    expect(staged.take(id ?? '')).toEqual(['/a.jpg', '/b.jpg', '/c.jpg'])
    expect(staged.take(id ?? '')).toBeNull()
  })

  it('refuses an unknown id, and forgets an add whose last chunk never came', () => {
    let now = 0
    const staged = new StagedInputs(() => now)
    expect(staged.append('made-up', ['/a.jpg'])).toBeNull()
    const id = staged.append(undefined, ['/a.jpg']) ?? ''
    now += 11 * 60_000
    expect(staged.take(id)).toBeNull()
  })
})
