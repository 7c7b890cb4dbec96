import { describe, expect, it } from 'vitest'
import { fileSystemError, sharpError } from './preflight-errors'

describe('sharpError', () => {
  it('names the cause a user can act on', () => {
    const code = (message: string) => sharpError('a.jpg', new Error(message), 1e9).code
    // A file deleted between the check and the decode.
    expect(code('Input file is missing: /x/a.jpg')).toBe('FILE_NOT_FOUND')
    expect(code('Input image exceeds pixel limit')).toBe('IMAGE_TOO_LARGE')
    expect(code('heif: Unsupported feature: Unsupported codec (4.3000)')).toBe('UNSUPPORTED_INPUT')
    expect(code('VipsJpeg: premature end of JPEG image')).toBe('IMAGE_CORRUPT')
    expect(sharpError('a.jpg', new Error('VipsJpeg: premature end\nmore'), 1e9).message).toMatch(
      /^a\.jpg looks like an image but is damaged \(VipsJpeg: premature end\)\./,
    )
  })
})

describe('fileSystemError', () => {
  it('retries only errors that may clear up by themselves', () => {
    expect(fileSystemError('a.jpg', { code: 'EMFILE' })).toMatchObject({
      code: 'FILE_UNREADABLE',
      retryable: true,
    })
    expect(fileSystemError('a.jpg', { code: 'ELOOP' }).retryable).toBe(false)
    expect(fileSystemError('a.jpg', { code: 'EACCES' })).toMatchObject({
      code: 'FILE_UNREADABLE',
      retryable: false,
    })
    expect(fileSystemError('a.jpg', new Error('odd')).retryable).toBe(false)
  })
})
