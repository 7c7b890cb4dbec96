import { describe, expect, it } from 'vitest'
import { appError } from '../../src-shared/result'
import { cliErrorText } from './error-advice'

describe('cliErrorText', () => {
  it('tells a terminal user to run `greenlight credentials set`, in English', () => {
    const missing = appError('CREDENTIALS_MISSING', 'The Green engine needs a key.', false, {
      reason: 'no-account',
    })
    expect(cliErrorText(missing)).toBe(
      'The Green engine needs a key. Run `greenlight credentials set`, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET. To scan offline, use --engine local.',
    )
  })

  it('names the profile whose secret is gone', () => {
    const gone = appError('CREDENTIALS_MISSING', 'Profile "work" has no secret.', false, {
      reason: 'profile-secret',
      profile: 'work',
    })
    expect(cliErrorText(gone)).toMatch(/`greenlight credentials set --profile work`/)
  })

  it('prints other errors as core wrote them', () => {
    const corrupt = appError('IMAGE_CORRUPT', 'a.jpg is damaged.', false, { reason: 'damaged' })
    expect(cliErrorText(corrupt)).toBe('a.jpg is damaged.')
  })
})
