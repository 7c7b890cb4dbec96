import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import type { IndexOp } from '../store/ports/watch-index'
import { IndexBatcher, type BatchEntry } from './index-batcher'

const missing = (path: string): BatchEntry => ({ kind: 'index', op: { kind: 'missing', path } })

function batcher(options: { maxBatch?: number; windowMs?: number } = {}) {
  const writes: IndexOp[][] = []
  const b = new IndexBatcher({
    enqueue: () => Promise.resolve([] as Item[]),
    index: {
      apply: (ops) => {
        writes.push([...ops])
        return Promise.resolve([])
      },
    },
    onEnqueued: () => undefined,
    onError: () => undefined,
    ...options,
  })
  return { b, writes }
}

// The window is the batcher's only clock: on fake time the test steps it exactly.
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('IndexBatcher', () => {
  it('writes what arrived within one window in one go, once the window has passed', async () => {
    const { b, writes } = batcher({ windowMs: 500 })
    const done = [b.submit(missing('/a')), b.submit(missing('/b'))]
    await vi.advanceTimersByTimeAsync(499)
    expect(writes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    await Promise.all(done)
    expect(writes.map((w) => w.length)).toEqual([2])
    // The next entry opens a new window.
    const later = b.submit(missing('/c'))
    await vi.advanceTimersByTimeAsync(500)
    await later
    expect(writes.map((w) => w.length)).toEqual([2, 1])
  })

  it('writes at once when a batch is full, without waiting for the window', async () => {
    const { b, writes } = batcher({ windowMs: 60_000, maxBatch: 3 })
    await Promise.all(['/a', '/b', '/c'].map((p) => b.submit(missing(p))))
    expect(writes.map((w) => w.length)).toEqual([3])
  })
})
