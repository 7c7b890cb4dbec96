import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { testItem } from '../../tests/fixtures/items'
import type { WatchEvent, WatchListener } from '../core/watch/watch-service'
import { showBlockedNotifications } from './blocked-notifications'

let listener: WatchListener | null
let shown: { title: string; body: string }[]
let clickers: (() => void)[]
let clicked: (number | null)[]

function setup(supported = true, language: 'en' | 'zh-CN' = 'en') {
  listener = null
  shown = []
  clickers = []
  clicked = []
  return showBlockedNotifications({
    subscribe: (l) => {
      listener = l
      return () => {
        listener = null
      }
    },
    create: (options) => ({
      show: () => {
        shown.push(options)
      },
      on: (_event, click) => {
        clickers.push(click)
      },
    }),
    onClick: (itemId) => {
      clicked.push(itemId)
    },
    language: () => language,
    supported: () => supported,
    windowMs: 1000,
  })
}

const blocked = (id: number): WatchEvent => ({
  type: 'blocked',
  folderId: 1,
  item: testItem(id, {
    source: `/photos/inbox/${String(id)}.jpg`,
    state: 'done',
    suggestion: 'block',
    results: [{ scene: 'porn', label: 'porn', suggestion: 'block', rate: 99 }],
  }),
})

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('blocked notifications', () => {
  it('shows the first block at once with the file and why', () => {
    setup()
    listener?.(blocked(7))
    expect(shown).toEqual([{ title: 'Greenlight: image blocked', body: '7.jpg (porn: porn)' }])
  })

  it('sums a burst up in one follow-up instead of one notification each', () => {
    setup()
    for (let id = 1; id <= 50; id++) listener?.(blocked(id))
    expect(shown).toHaveLength(1)
    vi.advanceTimersByTime(1000)
    expect(shown).toHaveLength(2)
    expect(shown[1]?.body).toContain('49 more watched images were blocked')
    vi.advanceTimersByTime(1000)
    listener?.(blocked(99))
    expect(shown).toHaveLength(3)
    expect(shown[2]?.body).toBe('99.jpg (porn: porn)')
  })

  it('ignores other watch events, and stays quiet where the OS has no notifications', () => {
    setup()
    listener?.({ type: 'verdict', folderId: 1, item: testItem(1) })
    expect(shown).toEqual([])
    setup(false)
    listener?.(blocked(1))
    expect(shown).toEqual([])
  })

  it('stops listening when disposed', () => {
    const dispose = setup()
    dispose()
    expect(listener).toBeNull()
  })

  it("tells a click which image it was about (a burst's summary names none)", () => {
    setup()
    for (const id of [7, 8, 9]) listener?.(blocked(id))
    vi.advanceTimersByTime(1000)
    expect(clickers).toHaveLength(2)
    clickers[0]?.()
    clickers[1]?.()
    expect(clicked).toEqual([7, null])
  })

  it('speaks Chinese when the user chose it', () => {
    setup(true, 'zh-CN')
    listener?.(blocked(7))
    listener?.(blocked(8))
    vi.advanceTimersByTime(1000)
    expect(shown.map((n) => n.title)).toEqual([
      'Greenlight：图片已拦截',
      'Greenlight：更多图片已拦截',
    ])
    expect(shown[1]?.body).toBe('又有 1 张监视的图片被拦截。打开 Greenlight 复核。')
  })
})
