import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { noisePng, photoLikeJpeg, writeBrokenFiles } from '../../../tests/fixtures/images'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'
import { startEmulator, type RunningEmulator } from '../../core/engines/green/emulator/emulator'
import { emulatorEnv } from '../../../tests/fixtures/emulator-engine'

let dir = ''
let emulator: RunningEmulator
const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-bad-inputs-'))
  emulator = await startEmulator({ port: 0, qps: 0 })
}, 60_000)

afterAll(async () => {
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})

describe('greenlight scan with bad inputs (Green engine, emulator)', () => {
  it('fails each broken input alone with a clear reason, fits over-limit images, and scans the rest', async () => {
    const photos = join(dir, 'photos')
    await mkdir(photos)
    await writeBrokenFiles(photos)
    const big = join(photos, 'big-25mb.png')
    await writeFile(big, await noisePng(2900, 2900, 7))
    const wide = join(photos, 'wide.jpg')
    await writeFile(
      wide,
      await sharp({ create: { width: 30_001, height: 40, channels: 3, background: '#884422' } })
        .jpeg()
        .toBuffer(),
    )
    const named = join(photos, '猫咪 🐱.jpg')
    await writeFile(named, await photoLikeJpeg(640, 480, 8))
    const before = { big: await sha(big), wide: await sha(wide) }

    const out = join(dir, 'out.json')
    const env = emulatorEnv(emulator)
    const r = await runCliInProcess(
      [
        'scan',
        photos,
        'ftp://example.com/a.jpg',
        '--scenes',
        'porn',
        '--endpoint',
        emulator.endpoint,
        '--json',
        out,
      ],
      join(dir, 'home'),
      env,
    )
    expect(r.code, r.stderr).toBe(1)
    const items = JSON.parse(await readFile(out, 'utf8')) as Item[]
    const by = (end: string) => items.find((i) => i.source.endsWith(end))
    expect(by('empty.jpg')?.error?.code).toBe('FILE_EMPTY')
    expect(by('notes.jpg')?.error?.code).toBe('NOT_AN_IMAGE')
    expect(by('truncated.jpg')?.error?.code).toBe('IMAGE_CORRUPT')
    expect(by('ftp://example.com/a.jpg')?.error?.code).toBe('UNSUPPORTED_INPUT')
    for (const failed of items.filter((i) => i.state === 'failed')) {
      expect(failed.error?.message.length, failed.source).toBeGreaterThan(20)
    }
    // Over Green's limits: a fitted copy was sent, the item says so, the original is untouched.
    expect(by('big-25mb.png')).toMatchObject({ state: 'done' })
    expect(by('big-25mb.png')?.note).toMatch(/re-encoded as JPEG/)
    expect(by('wide.jpg')).toMatchObject({ state: 'done' })
    expect(by('wide.jpg')?.note).toMatch(/downscaled from 30001×40/)
    expect({ big: await sha(big), wide: await sha(wide) }).toEqual(before)
    expect(by('猫咪 🐱.jpg')).toMatchObject({ state: 'done', note: null })
    // The emulator enforces Green's limits on what it received: nothing over them got through.
    for (const object of emulator.objects.values())
      expect(object.bytes.length).toBeLessThanOrEqual(20 * 1024 * 1024)
  }, 120_000)
})
