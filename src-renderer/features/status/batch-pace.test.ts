import { describe, expect, it } from 'vitest'
import { EMPTY_PROGRESS } from '../../../src-shared/domain'
import { useProgressStore } from '../../stores/progress-store'
import {
  addSample,
  durationText,
  nextAnnouncement,
  paceOf,
  remainingOf,
  settledOf,
} from './batch-pace'

describe('batch pace', () => {
  it('takes images per second over the recent window, and the time the rest need', () => {
    let samples = addSample([], { at: 0, settled: 0 })
    samples = addSample(samples, { at: 5_000, settled: 100 })
    samples = addSample(samples, { at: 10_000, settled: 200 })
    expect(paceOf(samples, 400)).toEqual({ perSecond: 20, secondsLeft: 20 })
    // Older than the window: only the last 20 s count, so a slowdown shows.
    samples = addSample(samples, { at: 30_000, settled: 300 })
    expect(paceOf(samples, 100)).toEqual({ perSecond: 5, secondsLeft: 20 })
  })

  it('knows no pace before a second has passed or while nothing settles', () => {
    expect(paceOf(addSample([], { at: 0, settled: 5 }), 10)).toBeNull()
    const stalled = addSample(addSample([], { at: 0, settled: 5 }), { at: 4_000, settled: 5 })
    expect(paceOf(stalled, 10)).toBeNull()
  })

  it('starts over when the queue was cleared (fewer settled than before)', () => {
    const samples = addSample(addSample([], { at: 0, settled: 50 }), { at: 2_000, settled: 3 })
    expect(samples).toEqual([{ at: 2_000, settled: 3 }])
  })

  it('counts what this queue still has to judge, not what another Greenlight holds', () => {
    const progress = { ...EMPTY_PROGRESS, queued: 10, running: 5, elsewhere: 3, done: 2, failed: 1 }
    expect(remainingOf(progress)).toBe(12)
    expect(settledOf(progress)).toBe(3)
  })
})

describe('announcements', () => {
  it('says progress at most every 10 s, the end of a batch at once, and nothing twice', () => {
    const first = nextAnnouncement(null, '1 of 100', 0, false)
    expect(first).toEqual({ text: '1 of 100', at: 0 })
    expect(nextAnnouncement(first, '50 of 100', 4_000, false)).toBeNull()
    expect(nextAnnouncement(first, '80 of 100', 10_000, false)).toEqual({
      text: '80 of 100',
      at: 10_000,
    })
    expect(nextAnnouncement(first, '100 of 100', 5_000, true)).toEqual({
      text: '100 of 100',
      at: 5_000,
    })
    expect(nextAnnouncement(first, '1 of 100', 60_000, true)).toBeNull()
  })
})

describe('the progress store keeps the pace', () => {
  it('while a batch runs, and forgets it once nothing is left', () => {
    const store = useProgressStore.getState()
    store.progressChanged({ ...EMPTY_PROGRESS, total: 100, queued: 100 }, 0)
    store.progressChanged({ ...EMPTY_PROGRESS, total: 100, queued: 60, done: 40 }, 2_000)
    expect(useProgressStore.getState().pace).toEqual({ perSecond: 20, secondsLeft: 3 })
    store.progressChanged({ ...EMPTY_PROGRESS, total: 100, done: 100 }, 5_000)
    expect(useProgressStore.getState().pace).toBeNull()
    expect(useProgressStore.getState().samples).toEqual([])
  })
})

describe('time left in words', () => {
  it('rounds as people say it', () => {
    const words = (key: string, values: Record<string, number>) =>
      `${key}:${JSON.stringify(values)}`
    expect(durationText(0.2, words)).toBe('time.seconds:{"n":1}')
    expect(durationText(150, words)).toBe('time.minutes:{"n":3}')
    expect(durationText(4_900, words)).toBe('time.hours:{"h":1,"m":22}')
  })
})
