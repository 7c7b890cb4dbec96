import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { animatedGif, photoLikeJpeg } from '../../../tests/fixtures/images'
import { emulatorEnv } from '../../../tests/fixtures/emulator-engine'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'
import { AppCore } from '../../core/app-core'
import { startEmulator, type RunningEmulator } from '../../core/engines/green/emulator/emulator'

let dir = ''
let emulator: RunningEmulator

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-scan-dry-'))
  emulator = await startEmulator({ port: 0, qps: 0 })
}, 60_000)
afterAll(async () => {
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})

/** Billable units in the scans the emulator accepted: scenes × frames asked, per task. */
function unitsBilled(fromScan: number): number {
  return emulator.scans
    .slice(fromScan)
    .flatMap(({ scan }) =>
      scan.tasks.map(
        (t) => scan.scenes.length * (t.interval !== undefined ? (t.maxFrames ?? 1) : 1),
      ),
    )
    .reduce((a, b) => a + b, 0)
}

describe('greenlight scan --dry-run (emulator)', () => {
  it('prints exactly what the real run then bills, and scans nothing itself', async () => {
    const home = join(dir, 'home')
    const args = ['--scenes', 'porn,ad', '--endpoint', emulator.endpoint]
    const env = emulatorEnv(emulator)
    // An earlier run judged one photo: its copy under another name is free from the cache.
    const earlier = join(dir, 'earlier')
    await mkdir(earlier)
    await writeFile(join(earlier, 'one.jpg'), await photoLikeJpeg(320, 240, 501))
    expect((await runCliInProcess(['scan', earlier, ...args], home, env)).code).toBe(0)

    const batch = join(dir, 'batch')
    await mkdir(batch)
    await copyFile(join(earlier, 'one.jpg'), join(batch, 'one-again.jpg'))
    await writeFile(join(batch, 'two.jpg'), await photoLikeJpeg(320, 240, 502))
    await writeFile(join(batch, 'three.jpg'), await photoLikeJpeg(320, 240, 503))
    await copyFile(join(batch, 'three.jpg'), join(batch, 'three-copy.jpg'))
    // 8 frames, sampled every frame up to maxFrames (default 5): 5 billed frames.
    await writeFile(join(batch, 'anim.gif'), await animatedGif(64, 48, 8))
    await writeFile(join(batch, 'notes.jpg'), 'not a photo')

    const scannedBefore = emulator.stats.imagesScanned
    const dry = await runCliInProcess(['scan', batch, ...args, '--dry-run'], home, env)
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain(
      'Dry run: 3 images (7 frames) × 2 scenes = 14 billable units on Alibaba Green (2 images already judged, free; 1 input cannot be scanned, not billed). Nothing was scanned.',
    )
    expect(emulator.stats.imagesScanned).toBe(scannedBefore)
    const core = await AppCore.open({ dataDir: home, host: 'cli', env })
    try {
      const stored = await core.store.items.list(0, 100, { search: 'batch' })
      expect(stored.total).toBe(0)
    } finally {
      await core.close()
    }

    const logged = emulator.scans.length
    const real = await runCliInProcess(['scan', batch, ...args], home, env)
    expect(real.code, real.stderr).toBe(1) // notes.jpg fails
    expect(emulator.stats.imagesScanned - scannedBefore).toBe(3)
    expect(unitsBilled(logged)).toBe(14)
  }, 60_000)

  it('prices the local engine as free, and refuses to price bytes on stdin', async () => {
    const home = join(dir, 'home-local')
    const batch = join(dir, 'local')
    await mkdir(batch)
    await writeFile(join(batch, 'a.jpg'), await photoLikeJpeg(64, 48, 510))
    const dry = await runCliInProcess(['scan', batch, '--engine', 'local', '--dry-run'], home, {})
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('the local engine is free; 1 image would be scanned offline')
    const stdin = await runCliInProcess(['scan', '-', '--dry-run'], home, {})
    expect(stdin.code).toBe(2)
  })
})
