import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'
import { startEmulator, type RunningEmulator } from '../../core/engines/green/emulator/emulator'
import { emulatorEnv } from '../../../tests/fixtures/emulator-engine'

let dir = ''
let emulator: RunningEmulator

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-scan-async-'))
  emulator = await startEmulator({ port: 0, qps: 0, asyncDelayMs: 300 })
})
afterAll(async () => {
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})

const env = () => emulatorEnv(emulator)

describe('greenlight scan --mode async (emulator)', () => {
  it('submits, collects every verdict, and records the taskIds; over-limit files still fitted', async () => {
    const photos = join(dir, 'photos')
    await mkdir(photos)
    for (let i = 0; i < 6; i++) {
      await writeFile(join(photos, `p-${String(i)}.jpg`), await photoLikeJpeg(64, 48, 300 + i))
    }
    await writeFile(
      join(photos, 'wide.jpg'),
      await sharp({ create: { width: 30_001, height: 40, channels: 3, background: '#223344' } })
        .jpeg()
        .toBuffer(),
    )
    const out = join(dir, 'async.json')
    const syncScans = emulator.stats.requests['/green/image/scan'] ?? 0
    const r = await runCliInProcess(
      [
        'scan',
        photos,
        'https://example.com/async-url.jpg',
        '--mode',
        'async',
        '--scenes',
        'porn,ad',
        '--endpoint',
        emulator.endpoint,
        '--json',
        out,
      ],
      join(dir, 'home'),
      env(),
    )
    expect(r.code, r.stderr).toBe(0)
    expect(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('done ')),
    ).toHaveLength(8)
    const items = JSON.parse(await readFile(out, 'utf8')) as Item[]
    expect(items.map((i) => i.mode)).toEqual(Array(8).fill('async'))
    expect(new Set(items.map((i) => i.taskId)).size).toBe(8)
    expect(items.find((i) => i.source.endsWith('wide.jpg'))?.note).toMatch(/30,?001/)
    // Only the async API was used.
    expect(emulator.stats.requests['/green/image/scan'] ?? 0).toBe(syncScans)
    expect(emulator.stats.requests['/green/image/asyncscan']).toBeGreaterThan(0)
    expect(emulator.stats.requests['/green/image/results']).toBeGreaterThan(0)
  })

  it('the local engine says it answers at once and scans normally', async () => {
    const photo = join(dir, 'local.jpg')
    await writeFile(photo, await photoLikeJpeg(64, 48, 77))
    const r = await runCliInProcess(
      ['scan', photo, '--engine', 'local', '--mode', 'async', '--scenes', 'qrcode'],
      join(dir, 'home-local'),
      {},
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/local engine answers at once/)
    expect(r.stdout).toMatch(/^done /)
  })

  it('refuses an unknown mode with a usage error (exit 2)', async () => {
    const r = await runCliInProcess(['scan', dir, '--mode', 'later'], join(dir, 'home-bad'), {})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--mode must be sync or async/)
  })
})

describe('greenlight scan --biz-type (emulator)', () => {
  it('sends the business scenario to Green, stores it, and refuses a malformed one', async () => {
    const photo = join(dir, 'biz.jpg')
    await writeFile(photo, await photoLikeJpeg(64, 48, 91))
    const out = join(dir, 'biz.json')
    const r = await runCliInProcess(
      [
        'scan',
        photo,
        '--biz-type',
        'shop_reviews',
        '--scenes',
        'porn',
        '--endpoint',
        emulator.endpoint,
        '--json',
        out,
      ],
      join(dir, 'home-biz'),
      env(),
    )
    expect(r.code, r.stderr).toBe(0)
    expect(emulator.scans.at(-1)?.scan.bizType).toBe('shop_reviews')
    const [item] = JSON.parse(await readFile(out, 'utf8')) as Item[]
    expect(item?.bizType).toBe('shop_reviews')

    const bad = await runCliInProcess(
      ['scan', photo, '--biz-type', 'two words'],
      join(dir, 'home-biz'),
      env(),
    )
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--biz-type must be/)
  })
})
