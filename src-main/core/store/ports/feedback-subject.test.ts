import { describe, expect, it } from 'vitest'
import { feedbackSubject } from './feedback-subject'

const SHA = 'ab'.repeat(32)

describe('feedbackSubject', () => {
  it('is the URL for URL items and the hash for files and bytes', () => {
    expect(
      feedbackSubject({ sourceKind: 'url', source: 'https://x.example/a.jpg', sha256: null }),
    ).toBe('https://x.example/a.jpg')
    expect(feedbackSubject({ sourceKind: 'file', source: '/a.jpg', sha256: SHA })).toBe(SHA)
    expect(feedbackSubject({ sourceKind: 'bytes', source: 'clip', sha256: null })).toBeNull()
  })
})
