import type { Stats } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  chokidarOptions,
  ignoredFor,
  isIgnoredName,
  WATCH_TIMINGS,
  watchLimitMessage,
  watchTimings,
} from './watch-options'

// Only isFile() is consulted; a real Stats needs a real file.
const file = { isFile: () => true } as unknown as Stats
const folder = { isFile: () => false } as unknown as Stats

describe('watch options', () => {
  it('ignores temp, partial, owner and hidden names, and files that are not images', () => {
    for (const name of [
      'a.jpg.part',
      'b.CRDOWNLOAD',
      'c.tmp',
      '~$d.jpg',
      '.~lock.e.jpg#',
      '.f.jpg',
    ]) {
      expect(isIgnoredName(name), name).toBe(true)
    }
    const ignored = ignoredFor('/w/.photos')
    expect(ignored('/w/.photos')).toBe(false)
    expect(ignored('/w/.photos/x.JPG', file)).toBe(false)
    expect(ignored('/w/.photos/x.txt', file)).toBe(true)
    expect(ignored('/w/.photos/sub.d', folder)).toBe(false)
    expect(ignored('/w/.photos/.git')).toBe(true)
  })

  it('waits for writes to finish, tolerates permission errors, and polls only when asked', () => {
    const native = chokidarOptions('/w', { recursive: true, polling: false })
    expect(native).toMatchObject({ ignorePermissionErrors: true, usePolling: false })
    expect(native.awaitWriteFinish).toMatchObject({ stabilityThreshold: 1000 })
    expect(native.depth).toBeUndefined()
    const polled = chokidarOptions('/w', { recursive: false, polling: true })
    expect(polled).toMatchObject({ usePolling: true, depth: 0, interval: 1000 })
    expect(polled.awaitWriteFinish).toMatchObject({ stabilityThreshold: 3000 })
    expect(watchLimitMessage('/w', 'ENOSPC')).toContain('fs.inotify.max_user_watches')
  })

  it('keeps the production waits by default, and shortening the quiet time shortens its kin', () => {
    expect(watchTimings()).toEqual(WATCH_TIMINGS)
    expect(WATCH_TIMINGS).toMatchObject({ stableMs: 1000, writeFinishMs: 1000, batchWindowMs: 200 })
    const fast = watchTimings({ stableMs: 50, healthMs: 10 })
    expect(fast).toMatchObject({ stableMs: 50, writeFinishMs: 50, recheckMs: 50, healthMs: 10 })
    expect(fast.incompleteLimitMs).toBe(WATCH_TIMINGS.incompleteLimitMs)
    const options = chokidarOptions('/w', { recursive: true, polling: false, timings: fast })
    expect(options.awaitWriteFinish).toMatchObject({ stabilityThreshold: 50, pollInterval: 100 })
  })
})
