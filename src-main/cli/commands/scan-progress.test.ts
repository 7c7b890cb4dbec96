import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { formatProgress, ScanProgress } from './scan-progress'

describe('scan progress line', () => {
  it('says done/total, rate, ETA and failures', () => {
    expect(formatProgress(0, 0, 10, 0)).toBe('0/10 · 0.0/s · ETA ? · 0 failed')
    expect(formatProgress(18, 2, 100, 4000)).toBe('20/100 · 5.0/s · ETA 16s · 2 failed')
    expect(formatProgress(10, 0, 1000, 10_000)).toBe('10/1000 · 1.0/s · ETA 16m30s · 0 failed')
  })

  it('redraws in place and erases itself before other output', () => {
    let text = ''
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString()
        done()
      },
    })
    let now = 0
    const progress = new ScanProgress(stream, 4, () => now)
    now = 1000
    progress.count(true)
    progress.draw()
    progress.clear()
    expect(text).toBe('\r\x1b[K1/4 · 1.0/s · ETA 3s · 0 failed\r\x1b[K')
  })
})
