import { describe, expect, it } from 'vitest'
import { classifyInput, MAX_URL_LENGTH, parseRawInput } from './classify-input'
import { pathError } from './fs-errors'

describe('parseRawInput', () => {
  const cwd = '/home/me'
  it.each([
    ['photo.jpg', { kind: 'path', path: '/home/me/photo.jpg' }],
    ['  /abs/猫.jpg ', { kind: 'path', path: '/abs/猫.jpg' }],
    ['-', { kind: 'stdin' }],
    ['@lists/a.txt', { kind: 'list', path: '/home/me/lists/a.txt' }],
    ['http://example.com/a.jpg', { kind: 'url', url: 'http://example.com/a.jpg' }],
    ['https://example.com/a b.jpg', { kind: 'url', url: 'https://example.com/a%20b.jpg' }],
    ['./abc:x.jpg', { kind: 'path', path: '/home/me/abc:x.jpg' }],
  ])('%s', (input, expected) => {
    expect(parseRawInput(input, cwd)).toEqual(expected)
  })

  it.each([
    'ftp://example.com/a.jpg',
    'file:///etc/passwd',
    'FILE:///etc/passwd',
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    'mailto:a@b.c',
    'http://',
    '@',
    '   ',
    `https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`,
  ])('refuses %s with a reason', (input) => {
    const parsed = parseRawInput(input, cwd)
    expect(parsed.kind).toBe('unsupported')
    expect(parsed.kind === 'unsupported' && parsed.reason.length).toBeGreaterThan(10)
  })

  it('treats a one-letter "scheme" as a Windows drive, i.e. a path', () => {
    expect(parseRawInput('C:\\photos\\a.jpg', cwd).kind).toBe('path')
  })
})

describe('classifyInput (kept for AppCore.addPaths)', () => {
  it('keeps http(s) URLs and makes paths absolute', () => {
    expect(classifyInput('https://x.test/a.png', '/w')).toEqual({
      sourceKind: 'url',
      source: 'https://x.test/a.png',
    })
    expect(classifyInput('a.png', '/w')).toEqual({ sourceKind: 'file', source: '/w/a.png' })
  })
})

describe('pathError', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code })
  it('maps errno codes to codes a user can act on', () => {
    expect(pathError(errno('ENOENT'), '/x', 'file').code).toBe('FILE_NOT_FOUND')
    expect(pathError(errno('EACCES'), '/x', 'folder')).toMatchObject({
      code: 'FILE_UNREADABLE',
      retryable: false,
    })
    expect(pathError(errno('EPERM'), '/x', 'folder').code).toBe('FILE_UNREADABLE')
    expect(pathError(errno('EISDIR'), '/x', 'list').code).toBe('UNSUPPORTED_INPUT')
    expect(pathError(errno('EMFILE'), '/x', 'folder').retryable).toBe(true)
    expect(pathError(errno('EACCES'), '/secret', 'folder').message).toContain('/secret')
  })
})
