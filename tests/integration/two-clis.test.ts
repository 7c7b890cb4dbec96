import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item } from '../../src-shared/domain'
import {
  startEmulator,
  type RunningEmulator,
} from '../../src-main/core/engines/green/emulator/emulator'
import { greenlight, greenScanArgs, scanEnv, until } from '../fixtures/cli-process'
import { photoLikeJpeg } from '../fixtures/images'
import { runCliInProcess } from '../fixtures/run-cli'

/**
 * Two `greenlight scan` processes at once on one data folder (docs/architecture.md §4,
 * "Leases"): they work one queue, claims are guarded, so the emulator is asked about each item
 * once; the second CLI's run includes the first one's unfinished items and waits for what the
 * first holds, so both end with every one of their images done.
 */

const SHARED = 40
const OWN = 20
const BATCH = 5

async function writePhotos(folder: string, count: number, seed: number): Promise<void> {
  mkdirSync(folder)
  for (let i = 0; i < count; i++) {
    writeFileSync(
      join(folder, `p-${String(i).padStart(2, '0')}.jpg`),
      await photoLikeJpeg(48, 32, seed + i),
    )
  }
}

describe('two CLIs on one data folder', () => {
  let emulator: RunningEmulator
  let root = ''

  beforeAll(async () => {
    // Latency spreads the first CLI's batches out, so the second starts well before it ends.
    emulator = await startEmulator({ port: 0, latencyMs: 150, qps: 0 })
    root = mkdtempSync(join(tmpdir(), 'greenlight-two-clis-'))
    await writePhotos(join(root, 'shared'), SHARED, 6000)
    await writePhotos(join(root, 'own'), OWN, 6500)
    mkdirSync(join(root, 'home'))
  })

  afterAll(async () => {
    await emulator.close()
  })

  it('scan no item twice and both finish with every image done', async () => {
    const home = join(root, 'home')
    const env = scanEnv(home, emulator, 3_000)
    const scan = (...folders: string[]) =>
      greenScanArgs(emulator, folders, { batch: BATCH, concurrency: 2 })
    let firstOut = ''
    const first = greenlight(env, scan(join(root, 'shared')), (out) => {
      firstOut = out
      return false
    })
    // The second starts once the first has stored its items and has some in flight.
    await until(() => firstOut.includes('done '))
    const second = greenlight(env, scan(join(root, 'shared'), join(root, 'own')))
    const [a, b] = await Promise.all([first, second])
    expect(a.code, a.err).toBe(0)
    expect(b.code, b.err).toBe(0)
    expect(a.err).toMatch(
      new RegExp(`Scanned ${String(SHARED)} image\\(s\\).*: ${String(SHARED)} done`),
    )
    const total = SHARED + OWN
    expect(b.err).toMatch(
      new RegExp(`Scanned ${String(total)} image\\(s\\).*: ${String(total)} done`),
    )
    expect(b.err).toMatch(/another Greenlight .* has this data folder open/)

    // The emulator was asked about each item once, whichever process sent it.
    const sent = emulator.scans.flatMap((s) => s.scan.tasks.map((t) => t.dataId))
    expect(sent).toHaveLength(total)
    expect(new Set(sent).size).toBe(total)
    const json = join(root, 'all.json')
    expect((await runCliInProcess(['export', '--json', json], home)).code).toBe(0)
    const items = JSON.parse(readFileSync(json, 'utf8')) as Item[]
    expect(items).toHaveLength(total)
    expect(items.filter((i) => i.state !== 'done')).toEqual([])
  })
})
