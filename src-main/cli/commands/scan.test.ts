import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { photoLikeJpeg, qrOnPhotoJpeg, writeBrokenFiles } from '../../../tests/fixtures/images'
import { AppCore } from '../../core/app-core'
import { startEmulator } from '../../core/engines/green/emulator/emulator'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'
import { emulatorEnv } from '../../../tests/fixtures/emulator-engine'

let dir = ''
const QR_TEXT = 'https://example.com/cli-test'

/** Runs `greenlight ...` in-process against its own data dir, with no Alibaba credentials. */
const cli = (args: string[], home: string, env: NodeJS.ProcessEnv = {}) =>
  runCliInProcess(args, home, env)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-cli-scan-'))
  const mixed = join(dir, 'mixed')
  await mkdir(join(mixed, 'sub'), { recursive: true })
  await writeFile(
    join(mixed, 'sub', 'poster.JPG'),
    await qrOnPhotoJpeg(1024, 768, 11, [{ text: QR_TEXT, area: 0.1, angle: 12, at: [0.5, 0.5] }]),
  )
  await writeFile(join(mixed, 'holiday.jpeg'), await photoLikeJpeg(800, 600, 12))
  await writeFile(join(mixed, 'readme.txt'), 'not scanned: wrong extension')
  await writeBrokenFiles(join(mixed, 'broken'))
  const clean = join(dir, 'clean')
  await mkdir(clean)
  await writeFile(
    join(clean, 'a.png'),
    await sharp(await photoLikeJpeg(320, 240, 13))
      .png()
      .toBuffer(),
  )
  await writeFile(
    join(clean, 'b.webp'),
    await sharp(await photoLikeJpeg(320, 240, 14))
      .webp()
      .toBuffer(),
  )
}, 60_000)

afterAll(() => rm(dir, { recursive: true, force: true }))

describe('greenlight scan (local engine)', () => {
  it('scans a folder recursively, stores every item, prints a line each, writes JSON, exits 1 when some fail', async () => {
    const home = join(dir, 'home-1')
    const out = join(dir, 'out.json')
    const r = await cli(
      ['scan', join(dir, 'mixed'), '--engine', 'local', '--scenes', 'porn,qrcode', '--json', out],
      home,
    )
    expect(r.code, r.stderr).toBe(1)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(6)
    expect(lines.find((l) => l.includes('poster.JPG'))).toMatch(
      /^done\s+review\s.*qrcode:qrcode\(100\)/,
    )
    expect(lines.find((l) => l.includes('notes.jpg'))).toMatch(/^failed\s+NOT_AN_IMAGE/)
    const items = JSON.parse(await readFile(out, 'utf8')) as Item[]
    const byName = (name: string) => items.find((i) => i.source.endsWith(name))
    expect(items).toHaveLength(6)
    expect(items.every((i) => i.engine === 'local')).toBe(true)
    expect(
      byName('poster.JPG')?.results.find((s) => s.scene === 'qrcode')?.extras?.qrcodeData,
    ).toEqual([QR_TEXT])
    expect(byName('holiday.jpeg')).toMatchObject({ state: 'done', unsupportedScenes: [] })
    expect(byName('holiday.jpeg')?.results.map((s) => s.scene)).toEqual(['porn', 'qrcode'])
    expect(byName('empty.jpg')?.error?.code).toBe('FILE_EMPTY')
    expect(byName('notes.jpg')?.error?.code).toBe('NOT_AN_IMAGE')
    expect(byName('corrupt.jpg')?.error?.code).toBe('IMAGE_CORRUPT')
    expect(byName('readme.txt')).toBeUndefined()

    // What the JSON says is what the store holds.
    const core = await AppCore.open({ dataDir: home, host: 'cli' })
    try {
      const stored = await core.store.items.list(0, 100, {})
      expect(stored.total).toBe(6)
      expect(stored.items.find((i) => i.source.endsWith('poster.JPG'))).toMatchObject({
        state: 'done',
        suggestion: 'review',
      })
    } finally {
      await core.close()
    }
  }, 120_000)

  it('uses the local engine by default when no credentials are configured, and exits 0 when all succeed', async () => {
    const r = await cli(['scan', join(dir, 'clean')], join(dir, 'home-2'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(2)
    // The default scenes include ones the local engine cannot judge: said, not faked.
    expect(r.stderr).toMatch(/cannot judge terrorism, ad/)
    expect(r.stdout).toMatch(/unsupported:terrorism,ad/)
  }, 120_000)

  it('uses the local thresholds from the settings', async () => {
    const home = join(dir, 'home-thresholds')
    const core = await AppCore.open({ dataDir: home, host: 'cli' })
    // Cut-offs at zero: any photo is "porn enough" to block. Only a setting changed.
    await core.store.settings.set({
      localThresholds: { porn: { block: 0, review: 0, sexyReview: 0 } },
    })
    await core.close()
    const r = await cli(['scan', join(dir, 'clean'), '--scenes', 'porn'], home)
    expect(
      r.stdout
        .trim()
        .split('\n')
        .every((l) => /^done\s+block\s/.test(l)),
      r.stdout,
    ).toBe(true)
    const untouched = await cli(
      ['scan', join(dir, 'clean'), '--scenes', 'porn'],
      join(dir, 'home-defaults'),
    )
    expect(untouched.stdout).not.toMatch(/^done\s+block/m)
  }, 120_000)

  it('a rerun after a crash finishes what was left and keeps every image once; changed files are judged again', async () => {
    const home = join(dir, 'home-rerun')
    const folder = join(dir, 'rerun')
    await mkdir(folder)
    for (const [name, seed] of [
      ['one.jpg', 21],
      ['two.jpg', 22],
      ['three.jpg', 23],
    ] as const)
      await writeFile(join(folder, name), await photoLikeJpeg(160, 120, seed))
    const args = ['scan', folder, '--engine', 'local', '--scenes', 'porn']
    expect((await cli(args, home)).code).toBe(0)

    // What a kill -9 leaves: one image mid-scan. And one file changed since.
    const core = await AppCore.open({ dataDir: home, host: 'cli' })
    const before = (await core.store.items.list(0, 10, {})).items
    const byName = (items: Item[], name: string) => items.find((i) => i.source.endsWith(name))
    await core.store.items.update(byName(before, 'two.jpg')!.id, { state: 'scanning' })
    await core.close()
    await writeFile(join(folder, 'three.jpg'), await photoLikeJpeg(160, 120, 99))

    const rerun = await cli(args, home)
    expect(rerun.code, rerun.stderr).toBe(0)
    expect(rerun.stdout.trim().split('\n')).toHaveLength(3)
    expect(rerun.stderr).toMatch(/1 image\(s\) were already scanned/)
    const again = await AppCore.open({ dataDir: home, host: 'cli' })
    try {
      const after = (await again.store.items.list(0, 10, {})).items
      // one.jpg and two.jpg are the same items as before; three.jpg changed, so it is a new one.
      expect(after).toHaveLength(4)
      expect(after.every((i) => i.state === 'done')).toBe(true)
      expect(byName(after, 'one.jpg')?.updatedAt).toBe(byName(before, 'one.jpg')?.updatedAt)
      expect(after.filter((i) => i.source.endsWith('two.jpg'))).toHaveLength(1)
      expect(after.filter((i) => i.source.endsWith('three.jpg'))).toHaveLength(2)
    } finally {
      await again.close()
    }
  }, 120_000)

  it('a rerun says apart the verdicts it reuses and the failures no rescan can fix', async () => {
    const home = join(dir, 'home-unfixable')
    const folder = join(dir, 'unfixable')
    await mkdir(folder)
    await writeFile(join(folder, 'photo.jpg'), await photoLikeJpeg(160, 120, 31))
    await writeFile(join(folder, 'empty.jpg'), '')
    const args = ['scan', folder, '--engine', 'local', '--scenes', 'porn']
    await cli(args, home)
    const rerun = await cli(args, home)
    expect(rerun.stderr).toMatch(/^1 image\(s\) were already scanned/m)
    expect(rerun.stderr).toMatch(/^1 input\(s\) failed before for a reason a rescan cannot fix/m)
  }, 120_000)

  it('exits 2 with a clear message for Green without an account, and for bad options', async () => {
    const home = join(dir, 'home-3')
    const green = await cli(['scan', join(dir, 'clean'), '--engine', 'green'], home)
    expect(green.code).toBe(2)
    expect(green.stderr).toMatch(/needs an Alibaba Cloud AccessKey.*credentials set/s)
    const region = await cli(['scan', join(dir, 'clean'), '--region', 'mars-1'], home)
    expect(region.code).toBe(2)
    expect(region.stderr).toMatch(/unknown region "mars-1"/)
    const scenes = await cli(['scan', join(dir, 'clean'), '--scenes', 'porn,nudity'], home)
    expect(scenes.code).toBe(2)
    expect(scenes.stderr).toMatch(/unknown scene "nudity"/)
    const engine = await cli(['scan', join(dir, 'clean'), '--engine', 'cloud'], home)
    expect(engine.code).toBe(2)
    expect((await cli(['scan'], home)).code).toBe(2)
    for (const [flag, value, pattern] of [
      ['--batch', '0', /--batch must be a whole number from 1 to 100 \(got "0"\)/],
      ['--batch', '101', /--batch must be/],
      ['--batch', '2.5', /--batch must be a whole number/],
      ['--concurrency', '65', /--concurrency must be a whole number from 1 to 64/],
      ['--qps', 'fast', /--qps must be a number from 0.1 to 10000 \(got "fast"\)/],
      ['--qps', '0', /--qps must be/],
    ] as const) {
      const bad = await cli(['scan', join(dir, 'clean'), flag, value], home)
      expect(bad.code, `${flag} ${value}`).toBe(2)
      expect(bad.stderr).toMatch(pattern)
    }
  })
})

describe('greenlight scan (Green engine, against the emulator)', () => {
  it('uploads local files, scans URLs directly, stores Green verdicts, and writes CSV', async () => {
    const emulator = await startEmulator({ port: 0 })
    try {
      const home = join(dir, 'home-green')
      const csv = join(dir, 'green.csv')
      emulator.scriptVerdict(
        { url: 'https://example.com/ad.jpg' },
        { scenes: { ad: { label: 'ad', suggestion: 'block', rate: 97.5 } } },
      )
      const env = emulatorEnv(emulator)
      const r = await cli(
        [
          'scan',
          join(dir, 'clean'),
          'https://example.com/ad.jpg',
          '--scenes',
          'porn,ad',
          '--endpoint',
          emulator.endpoint,
          '--csv',
          csv,
        ],
        home,
        env,
      )
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).toContain('Engine: Alibaba Green (an AccessKey is configured)')
      expect(emulator.objects.size).toBe(2)
      const lines = r.stdout.trim().split('\n')
      expect(lines).toHaveLength(3)
      expect(lines.find((l) => l.includes('ad.jpg'))).toMatch(/^done\s+block\s.*ad:ad\(97\.5\)/)
      const text = await readFile(csv, 'utf8')
      expect(text.startsWith('\uFEFFsource,sha256,status,suggestion,porn_label')).toBe(true)
      expect(text.trim().split('\r\n')).toHaveLength(4)

      // The same files again, with the new options: answered from the verdict cache, no call.
      const scanned = emulator.stats.imagesScanned
      const again = await cli(
        [
          'scan',
          join(dir, 'clean'),
          '--scenes',
          'porn,ad',
          '--endpoint',
          emulator.endpoint,
          '--batch',
          '1',
          '--concurrency',
          '2',
          '--qps',
          '5',
        ],
        home,
        env,
      )
      expect(again.code, again.stderr).toBe(0)
      expect(again.stdout.trim().split('\n')).toHaveLength(2)
      expect(emulator.stats.imagesScanned).toBe(scanned)
      expect(emulator.objects.size).toBe(2)
    } finally {
      await emulator.close()
    }
  }, 60_000)

  it('a wrong secret stops the scan with one clear error, leaves the images queued, and a rerun finishes them', async () => {
    const emulator = await startEmulator({ port: 0 })
    try {
      const home = join(dir, 'home-green-wrong')
      const args = ['scan', 'https://example.com/a.jpg', 'https://example.com/b.jpg']
      const wrong = await cli(
        [...args, '--endpoint', emulator.endpoint],
        home,
        emulatorEnv(emulator, 'not-the-secret'),
      )
      expect(wrong.code).toBe(1)
      expect(wrong.stdout).toBe('')
      expect(
        wrong.stderr.match(/the scan stopped: Green rejected the request signature/g),
      ).toHaveLength(1)
      expect(wrong.stderr).toMatch(/2 image\(s\) are still queued/)
      expect(emulator.stats.requests['/green/image/scan'] ?? 0).toBeLessThanOrEqual(1)

      // A rerun with the right key picks up the two left queued (and its own two: the same URLs).
      const right = await cli(
        ['scan', 'https://example.com/c.jpg', '--endpoint', emulator.endpoint],
        home,
        emulatorEnv(emulator),
      )
      expect(right.code, right.stderr).toBe(0)
      expect(right.stdout.trim().split('\n')).toHaveLength(3)
    } finally {
      await emulator.close()
    }
  }, 60_000)
})
