import { describe, expect, it } from 'vitest'
import { ERROR_CODES, appError, reasonsOf, type AppError } from '../../src-shared/result'
import { en, type MessageKey } from './en'
import { errorActions } from './error-actions'
import { translate } from './translate'
import { placeholders, wordError } from './word-error'

const inChinese = (key: MessageKey, values?: Record<string, string | number>) =>
  translate('zh-CN', key, values)
const inEnglish = (key: MessageKey, values?: Record<string, string | number>) =>
  translate('en', key, values)

const ENGLISH = 'An English sentence from core that no catalogue has.'

/** An error of this code and reason, with a value for every placeholder its wording has. */
function sample(code: AppError['code'], reason?: string): AppError {
  const key = reason === undefined ? `error.${code}` : `error.${code}.${reason}`
  const template = (en as Record<string, string>)[key] ?? ''
  const params: Record<string, string> = {}
  for (const name of placeholders(template)) params[name] = `«${name}»`
  if (reason !== undefined) params.reason = reason
  return { ...appError(code, ENGLISH), params }
}

const EVERY_CASE = ERROR_CODES.flatMap((code) => [
  [code, undefined] as const,
  ...reasonsOf(code).map((reason) => [code, reason] as const),
])

describe('wordError', () => {
  it.each(EVERY_CASE)(
    'zh-CN words %s (%s) from the catalogue, every param filled',
    (code, reason) => {
      const worded = wordError(inChinese, sample(code, reason))
      expect(worded).not.toContain(ENGLISH)
      expect(worded).not.toMatch(/\{\w+\}/)
      expect(worded).toMatch(/[\u4e00-\u9fff]/)
    },
  )

  it('words each reason of a code differently', () => {
    for (const code of ERROR_CODES) {
      const texts = reasonsOf(code).map((reason) => wordError(inChinese, sample(code, reason)))
      expect(new Set(texts).size, code).toBe(texts.length)
    }
  })

  it('words a full data folder in the user language, naming the folder', () => {
    const full = appError('STORAGE_FULL', 'The disk holding /data is full.', true, {
      folder: '/home/张三/.config/Greenlight',
    })
    const worded = wordError(inChinese, full)
    expect(worded).toContain('/home/张三/.config/Greenlight')
    expect(worded).toContain('磁盘已满')
    expect(worded).not.toContain('The disk')
  })

  it('names the item an error is about, from its source, when the error did not', () => {
    const item = { source: '/photos/假期/notes.jpg', sourceKind: 'file', state: 'failed' } as const
    const worded = wordError(inChinese, appError('NOT_AN_IMAGE', ENGLISH), { where: 'item', item })
    expect(worded).toMatch(/^notes\.jpg 不是图片/)
  })

  it('falls back to the code’s wording, then to main’s message, when a param is missing', () => {
    const noLimit = appError('IMAGE_TOO_LARGE', ENGLISH, false, { reason: 'pixels', name: 'a.jpg' })
    expect(wordError(inChinese, noLimit)).toMatch(/^a\.jpg 太大/)
    expect(wordError(inChinese, appError('IMAGE_TOO_LARGE', ENGLISH))).toBe(ENGLISH)
  })

  it('adds Green’s own code after a Green error', () => {
    const throttled = appError('THROTTLED', ENGLISH, true, { greenCode: '588' })
    expect(wordError(inEnglish, throttled)).toMatch(/\(Green code 588\)$/)
  })

  it('never tells an app user to run a command', () => {
    for (const [code, reason] of EVERY_CASE) {
      expect(wordError(inEnglish, sample(code, reason))).not.toMatch(/greenlight [a-z]/)
    }
  })
})

describe('errorActions', () => {
  const file = (state: 'failed' | 'done') =>
    ({ source: '/photos/a.jpg', sourceKind: 'file', state }) as const

  it('offers Open settings for account problems wherever they are shown', () => {
    for (const where of ['item', 'queue', 'notice'] as const) {
      expect(errorActions(appError('AUTH_SIGNATURE', ENGLISH), { where })).toContain(
        'open-settings',
      )
      expect(errorActions(appError('CREDENTIALS_MISSING', ENGLISH), { where })).toContain(
        'open-settings',
      )
    }
  })

  it('offers Show in folder for a problem with a file, and Retry for a failed item worth it', () => {
    const corrupt = appError('IMAGE_CORRUPT', ENGLISH, false, { reason: 'damaged' })
    expect(errorActions(corrupt, { where: 'item', item: file('failed') })).toEqual([
      'show-in-folder',
    ])
    const busy = appError('FILE_UNREADABLE', ENGLISH, true, { reason: 'io' })
    expect(errorActions(busy, { where: 'item', item: file('failed') })).toEqual([
      'show-in-folder',
      'retry',
    ])
    const offline = appError('NETWORK', ENGLISH, true)
    expect(errorActions(offline, { where: 'item', item: file('failed') })).toEqual(['retry'])
  })

  it('offers nothing where nothing helps', () => {
    const url = { source: 'https://x/a.jpg', sourceKind: 'url', state: 'failed' } as const
    expect(errorActions(appError('NOT_AN_IMAGE', ENGLISH), { where: 'item', item: url })).toEqual(
      [],
    )
    expect(errorActions(appError('STORAGE_FULL', ENGLISH), { where: 'queue' })).toEqual([])
  })
})
