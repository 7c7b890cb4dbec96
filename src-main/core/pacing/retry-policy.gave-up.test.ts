import { describe, expect, it } from 'vitest'
import { appError } from '../../../src-shared/result'
import { gaveUp } from './retry-policy'

describe('gaveUp', () => {
  it.each([
    ['Green had a database error. It will be retried.', 'Green had a database error.'],
    [
      'Green took more than 3 s to download the image. It will be retried; a faster host helps. (code 592)',
      'Green took more than 3 s to download the image; a faster host helps. (code 592)',
    ],
    [
      'The engine returned no verdict for this image. It will be scanned again.',
      'The engine returned no verdict for this image.',
    ],
    ['Network unreachable.', 'Network unreachable.'],
    [
      'Green failed on the network (ENOTFOUND). Check the connection and the endpoint; it will be retried.',
      'Green failed on the network (ENOTFOUND). Check the connection and the endpoint.',
    ],
  ])('turns "%s" into a message that no longer promises a retry', (message, base) => {
    const error = gaveUp(appError('SERVER_ERROR', message, true), 3)
    expect(error.message).toBe(
      `${base} Gave up after 3 tries: use Retry failed, or run the same scan again, to try once more.`,
    )
    expect(error.code).toBe('SERVER_ERROR')
    expect(error.retryable).toBe(true)
  })
})
