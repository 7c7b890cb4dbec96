import { describe, expect, it } from 'vitest'
import { appError } from '../../src-shared/result'
import { translate } from './translate'
import { wordError } from './word-error'

const inChinese = (
  key: Parameters<typeof translate>[1],
  values?: Record<string, string | number>,
) => translate('zh-CN', key, values)

describe('wordError', () => {
  it('words a full data folder in the user language, naming the folder', () => {
    const full = {
      ...appError('STORAGE_FULL', 'The disk holding /data is full.', true),
      params: { folder: '/home/张三/.config/Greenlight' },
    }
    const worded = wordError(inChinese, full)
    expect(worded).toContain('/home/张三/.config/Greenlight')
    expect(worded).toContain('磁盘已满')
    expect(worded).not.toContain('The disk')
  })

  it('shows main’s own message for codes the catalogue does not word', () => {
    const auth = appError('AUTH_INVALID_KEY', 'Green rejected the AccessKey ID.')
    expect(wordError(inChinese, auth)).toBe('Green rejected the AccessKey ID.')
  })
})
