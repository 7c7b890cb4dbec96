import { mkdir, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { WATCH_TIMINGS } from '../../src-main/core/watch/watch-options'
import {
  fakeJpeg,
  makeKit,
  POLL,
  startWatching,
  type Kit,
} from '../../src-main/core/watch/watch-kit.test-data'

let kit: Kit | null = null
afterEach(async () => {
  await kit?.close()
  kit = null
})

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

function heapMb(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

const WAVES = 50
const PER_WAVE = 100
const LONG = { ...POLL, timeout: 60_000 }

describe('WatchService soak', () => {
  it('5,000 files arriving over time: none missed, none duplicated, memory flat', async () => {
    // The production windows: this is the soak of what users run (unit tests use short ones).
    kit = await makeKit({ timings: WATCH_TIMINGS })
    const k = kit
    const root = join(k.dir, 'inbox')
    await mkdir(root)
    await startWatching(k, root)
    const expected = new Set<string>()
    const settle = async (total: number) => {
      await expect.poll(() => k.enqueued.length, LONG).toBe(total)
      await sleep(WATCH_TIMINGS.goneRecheckMs)
      await k.service.idle()
    }
    let warm = 0
    for (let wave = 0; wave < WAVES; wave++) {
      // Half the waves land in new subfolders, like a camera import creating dated folders.
      const dir = wave % 2 === 0 ? root : join(root, `day-${String(wave)}`)
      await mkdir(dir, { recursive: true })
      await Promise.all(
        Array.from({ length: PER_WAVE }, (_, i) => {
          const path = join(dir, `img-${String(wave)}-${String(i)}.jpg`)
          expected.add(path)
          return writeFile(path, fakeJpeg(1024))
        }),
      )
      if (wave === 9) {
        // Warm: 1,000 files in, chokidar and SQLite caches populated.
        await expect.poll(() => k.enqueued.length, LONG).toBe(1000)
        warm = heapMb()
      }
      await sleep(150)
    }
    await settle(WAVES * PER_WAVE)
    expect(k.enqueued).toHaveLength(expected.size)
    expect(new Set(k.enqueued)).toEqual(expected)
    const arrived = heapMb()

    // Steady state: files keep arriving and leaving while the folder stays at 5,000 files.
    const churn = async (round: number) => {
      const old = [...expected].slice(0, 500)
      await Promise.all(old.map((p) => unlink(p)))
      for (const p of old) expected.delete(p)
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => {
          const path = join(root, `churn-${String(round)}-${String(i)}.jpg`)
          expected.add(path)
          return writeFile(path, fakeJpeg(1024))
        }),
      )
      await settle(WAVES * PER_WAVE + 500 * round)
      return heapMb()
    }
    const rounds = [await churn(1), await churn(2), await churn(3)]
    const rss = process.memoryUsage().rss / 2 ** 20
    console.log(
      `soak: ${String(k.enqueued.length)} enqueued in ${String(k.batches)} batches; heap ` +
        `${warm.toFixed(1)} MB at 1,000 files, ${arrived.toFixed(1)} MB at 5,000 ` +
        `(${(((arrived - warm) * 1024) / 4000).toFixed(1)} KB per watched file), then ` +
        `${rounds.map((r) => r.toFixed(1)).join(' / ')} MB after rounds of 500 out + 500 in; ` +
        `rss ${rss.toFixed(0)} MB`,
    )
    expect(new Set(k.enqueued).size).toBe(k.enqueued.length)
    const missing = async () =>
      (await k.service.index.list()).filter((f) => f.state === 'missing').length
    await expect.poll(missing, LONG).toBe(1500)
    const index = await k.service.index.list()
    expect(
      index
        .filter((f) => f.state === 'present')
        .map((f) => f.path)
        .sort(),
    ).toEqual([...expected].sort())
    // chokidar holds one watch handle per file (bounded by the folder, not by time) ...
    expect(((arrived - warm) * 1024) / 4000).toBeLessThan(8)
    // ... and nothing may pile up per event once the folder's size is steady.
    expect((rounds[2] ?? 0) - (rounds[0] ?? 0)).toBeLessThan(4)
  }, 120_000)
})
