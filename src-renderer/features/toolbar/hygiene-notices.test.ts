import { describe, expect, it } from 'vitest'
import type { AddOutcome } from '../../../src-shared/ipc'
import { translate } from '../../i18n/translate'
import type { Translate } from '../../i18n/word-error'
import { noticeText } from '../add/notice-text'
import { removalNotice, retryNotice, withReused } from './hygiene-notices'

const en: Translate = (key, values) => translate('en', key, values)
const zh: Translate = (key, values) => translate('zh-CN', key, values)
const estimate = {
  engine: 'local' as const,
  scenes: 1,
  unscannable: 0,
  images: 0,
  frames: 0,
  units: 0,
  free: 0,
}
const added = (count: number, reused: number): Extract<AddOutcome, { kind: 'added' }> => ({
  kind: 'added',
  added: count,
  reused,
  itemIds: [],
  estimate,
  linksOutside: 0,
})

describe('queue hygiene notices', () => {
  it('says what an add reused, in both languages', () => {
    const notice = { key: 'add.added', values: { count: 3, links: 0 } } as const
    expect(noticeText(en, withReused(notice, added(3, 12)))).toBe(
      'Added 3 to the queue · 12 already in the queue',
    )
    expect(noticeText(en, withReused(notice, added(0, 12)))).toBe('12 already in the queue')
    expect(noticeText(zh, withReused(notice, added(0, 12)))).toBe('12 项已在队列中')
    expect(noticeText(en, withReused(notice, added(3, 0)))).toBe('Added 3 to the queue')
  })

  it('says how many a retry queued and why it left the others', () => {
    const notice = retryNotice({
      queued: 8,
      kept: [
        { code: 'NOT_AN_IMAGE', reason: 'content', count: 2 },
        { code: 'NOT_AN_IMAGE', reason: 'green-format', count: 1 },
        { code: 'FILE_EMPTY', reason: 'file', count: 1 },
      ],
    })
    expect(noticeText(en, notice)).toBe(
      'Retrying 8 · 3 cannot be retried: not an image · 1 cannot be retried: empty file',
    )
    expect(noticeText(zh, notice)).toBe(
      '正在重试 8 项 · 3 项无法重试：不是图片 · 1 项无法重试：文件为空',
    )
    expect(noticeText(en, retryNotice({ queued: 0, kept: [] }))).toBe('Nothing to retry')
  })

  it('says what a removal removed and what it left', () => {
    expect(noticeText(en, removalNotice({ removed: 5, running: 2, deciding: 1 }))).toBe(
      'Removed 5 from the queue; the files stay on disk · 2 being scanned stay · 1 with a decision about to be sent stay',
    )
    expect(noticeText(en, removalNotice({ removed: 0, running: 0, deciding: 0 }))).toBe(
      'Nothing was removed',
    )
  })
})
