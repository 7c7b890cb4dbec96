import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { noteText, sceneResultSchema } from '../../../../src-shared/domain'
import {
  photoLikeJpeg,
  qrOnPhotoJpeg,
  writeBrokenFiles,
  type QrPlacement,
} from '../../../../tests/fixtures/images'
import { greyPng } from '../../../../tests/fixtures/big-png'
import type { ScanTask, TaskOutcome } from '../scan-engine'
import { GREEN_MAX_PIXELS } from '../../media/green-limits'
import { preflight } from '../../media/preflight'
import { LocalEngine } from './local-engine'
import { NSFW_CLASSES } from './nsfw-scores'
import { DEFAULT_LOCAL_THRESHOLDS } from './thresholds'
import { pornSceneResult } from './verdicts'
import { WorkerPool } from './worker-pool'

// One pool for the whole file: loading the model is the slow part.
const pool = new WorkerPool({ size: 2 })
const engine = new LocalEngine({ pool })
let dir = ''

const file = (path: string, dataId = path): ScanTask => ({ dataId, input: { kind: 'file', path } })

async function scanOk(
  tasks: ScanTask[],
  scenes: Parameters<LocalEngine['scan']>[1],
  using: LocalEngine = engine,
): Promise<readonly TaskOutcome[]> {
  const result = await using.scan(tasks, scenes)
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function success(outcome: TaskOutcome | undefined) {
  if (!outcome?.ok) throw new Error(`expected success, got ${JSON.stringify(outcome)}`)
  return outcome
}

const tilted: (QrPlacement & { file: string })[] = [
  { file: 'qr-0.jpg', text: 'https://example.com/promo?id=0', area: 0.1, angle: 0, at: [0.3, 0.4] },
  { file: 'qr-8.jpg', text: 'https://example.com/promo?id=8', area: 0.1, angle: 8, at: [0.6, 0.5] },
  {
    file: 'qr-15.jpg',
    text: 'WIFI:S:Greenlight Cafe;T:WPA;P:secret;;',
    area: 0.1,
    angle: 15,
    at: [0.5, 0.6],
  },
  {
    file: 'qr-m15.jpg',
    text: '加微信 greenlight-test 领取优惠',
    area: 0.1,
    angle: -15,
    at: [0.7, 0.45],
  },
]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-local-'))
  for (const [i, t] of tilted.entries()) {
    await writeFile(join(dir, t.file), await qrOnPhotoJpeg(1024, 768, 40 + i, [t]))
  }
  await writeFile(
    join(dir, 'two.jpg'),
    await qrOnPhotoJpeg(1024, 768, 50, [
      { text: 'first code', area: 0.06, angle: 5, at: [0.25, 0.5] },
      { text: 'second code', area: 0.06, angle: -10, at: [0.75, 0.5] },
    ]),
  )
  for (const seed of [1, 2, 3])
    await writeFile(join(dir, `plain-${seed}.jpg`), await photoLikeJpeg(1024, 768, seed))
  const started = await pool.start()
  if (!started.ok) throw new Error(started.error.message)
}, 120_000)

afterAll(async () => {
  await engine.close()
  await pool.close()
  await rm(dir, { recursive: true, force: true })
})

describe('LocalEngine qrcode scene', () => {
  it('runs on the wasm backend', () => {
    expect(pool.backend).toBe('wasm')
  })

  it('finds a QR code covering ~10% of a photo-like JPEG, tilted up to 15°, with its text and box', async () => {
    const outcomes = await scanOk(
      tilted.map((t) => file(join(dir, t.file))),
      ['qrcode'],
    )
    for (const [i, t] of tilted.entries()) {
      const qr = success(outcomes[i]).results.find((r) => r.scene === 'qrcode')
      expect(qr, t.file).toMatchObject({ label: 'qrcode', suggestion: 'review' })
      expect(qr?.extras?.qrcodeData, t.file).toEqual([t.text])
      const box = qr?.extras?.qrcodeLocations?.[0]
      expect(box?.qrcode).toBe(t.text)
      // The box centre sits where the code was pasted (within 4% of the width).
      expect(Math.abs((box?.x ?? 0) + (box?.w ?? 0) / 2 - t.at[0] * 1024)).toBeLessThan(41)
      expect(Math.abs((box?.y ?? 0) + (box?.h ?? 0) / 2 - t.at[1] * 768)).toBeLessThan(41)
    }
  })

  it('decodes every QR code in an image', async () => {
    const [outcome] = await scanOk([file(join(dir, 'two.jpg'))], ['qrcode'])
    const qr = success(outcome).results[0]
    expect([...(qr?.extras?.qrcodeData ?? [])].sort()).toEqual(['first code', 'second code'])
    expect(qr?.extras?.qrcodeLocations).toHaveLength(2)
  })

  it('reports no QR code in plain photos', async () => {
    const outcomes = await scanOk(
      [1, 2, 3].map((s) => file(join(dir, `plain-${s}.jpg`))),
      ['qrcode'],
    )
    for (const outcome of outcomes) {
      expect(success(outcome).results).toEqual([
        { scene: 'qrcode', label: 'normal', suggestion: 'pass', rate: 90 },
      ])
    }
  })

  it('judges the bytes it read: their hash comes back, and bytes other than the ones hashed are not judged', async () => {
    const path = join(dir, 'qr-0.jpg')
    const bytes = await readFile(path)
    const hashed = createHash('sha256').update(bytes).digest('hex')
    const [same] = await scanOk([{ ...file(path), sha256: hashed }], ['qrcode'])
    expect(success(same).sha256).toBe(hashed)
    // Hashed as another image (the file was swapped since): no verdict, FILE_CHANGED.
    const [swapped] = await scanOk([{ ...file(path), sha256: 'ab'.repeat(32) }], ['qrcode'])
    expect(swapped).toMatchObject({ ok: false, error: { code: 'FILE_CHANGED', retryable: true } })
  })

  it('reads bytes as well as files', async () => {
    const bytes = await readFile(join(dir, 'qr-8.jpg'))
    const result = await engine.scan(
      [{ dataId: 'b', input: { kind: 'bytes', bytes, name: 'upload.jpg' } }],
      ['qrcode'],
    )
    expect(result.ok && success(result.value[0]).results[0]?.extras?.qrcodeData).toEqual([
      tilted[1]!.text,
    ])
  })
})

describe('LocalEngine porn scene', () => {
  it('returns the five nsfwjs classes as probabilities, mapped to a Green-shaped result', async () => {
    const raw = await pool.run({
      source: { kind: 'file', path: join(dir, 'plain-1.jpg') },
      porn: true,
      qrcode: false,
    })
    if (!raw.ok) throw new Error(raw.error.message)
    const nsfw = raw.value.frames[0]?.nsfw
    expect(Object.keys(nsfw ?? {}).sort()).toEqual([...NSFW_CLASSES].sort())
    const total = Object.values(nsfw ?? {}).reduce((a, b) => a + b, 0)
    expect(total).toBeCloseTo(1, 3)
    expect(raw.value.frames[0]?.qr).toBeUndefined()

    const [outcome] = await scanOk([file(join(dir, 'plain-1.jpg'))], ['porn'])
    const porn = success(outcome).results[0]
    expect(sceneResultSchema.parse(porn)).toEqual(porn)
    expect(['normal', 'sexy', 'porn']).toContain(porn?.label)
    expect(porn).toEqual(pornSceneResult([nsfw!], DEFAULT_LOCAL_THRESHOLDS))
  })

  it('changing thresholds changes the suggestion for the same image', async () => {
    const path = join(dir, 'plain-2.jpg')
    const strict = new LocalEngine({
      pool,
      thresholds: { porn: { block: 0, review: 0, sexyReview: 0 } },
    })
    const lax = new LocalEngine({
      pool,
      thresholds: { porn: { block: 1, review: 1, sexyReview: 1 } },
    })
    const [s] = await scanOk([file(path)], ['porn'], strict)
    const [l] = await scanOk([file(path)], ['porn'], lax)
    expect(success(s).results[0]).toMatchObject({ label: 'porn', suggestion: 'block' })
    expect(success(l).results[0]).toMatchObject({ label: 'normal', suggestion: 'pass' })
    lax.setThresholds({ porn: { block: 0, review: 0, sexyReview: 0 } })
    const [again] = await scanOk([file(path)], ['porn'], lax)
    expect(success(again).results[0]?.suggestion).toBe('block')
  })
})

describe('LocalEngine contract', () => {
  it('reports scenes it cannot judge as unsupported, never faked', async () => {
    const [outcome] = await scanOk(
      [file(join(dir, 'qr-0.jpg'))],
      ['porn', 'terrorism', 'ad', 'qrcode', 'live', 'logo'],
    )
    const ok = success(outcome)
    expect(ok.results.map((r) => r.scene)).toEqual(['porn', 'qrcode'])
    expect(ok.unsupported).toEqual(['terrorism', 'ad', 'live', 'logo'])
    const [only] = await scanOk([file(join(dir, 'qr-0.jpg'))], ['terrorism'])
    expect(success(only)).toEqual({
      ok: true,
      dataId: join(dir, 'qr-0.jpg'),
      results: [],
      unsupported: ['terrorism'],
    })
  })

  it('fails broken files one by one while the rest of the batch goes on', async () => {
    const broken = await writeBrokenFiles(join(dir, 'broken'))
    const outcomes = await scanOk(
      [
        file(broken.empty),
        file(join(dir, 'qr-0.jpg')),
        file(broken.text),
        file(broken.corrupt),
        file(broken.truncated),
        file(join(dir, 'missing.jpg')),
      ],
      ['porn', 'qrcode'],
    )
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
      'FILE_EMPTY',
      'ok',
      'NOT_AN_IMAGE',
      'IMAGE_CORRUPT',
      'IMAGE_CORRUPT',
      'FILE_NOT_FOUND',
    ])
    expect(outcomes.map((o) => o.dataId)).toEqual([
      broken.empty,
      join(dir, 'qr-0.jpg'),
      broken.text,
      broken.corrupt,
      broken.truncated,
      join(dir, 'missing.jpg'),
    ])
  })

  it('refuses URLs per item: it never downloads', async () => {
    const [outcome] = await scanOk(
      [{ dataId: 'u', input: { kind: 'url', url: 'https://example.com/a.jpg' } }],
      ['porn'],
    )
    expect(outcome).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_INPUT' } })
  })

  it('an already-aborted signal cancels every task', async () => {
    const controller = new AbortController()
    controller.abort()
    const result = await engine.scan([file(join(dir, 'qr-0.jpg'))], ['porn'], {
      signal: controller.signal,
    })
    expect(result.ok && result.value[0]).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
  })
})

describe('LocalEngine and Green pre-flight share one size policy', () => {
  it('judges a 400 MP image, which pre-flight downscales for Green, instead of refusing it', async () => {
    const path = join(dir, 'huge-400mp.png')
    await writeFile(path, await greyPng(20_000, 20_000))
    const [outcome] = await scanOk([file(path)], ['porn', 'qrcode'])
    expect(success(outcome).results.map((r) => r.scene)).toEqual(['porn', 'qrcode'])

    const green = await preflight(path, { tempDir: join(dir, 'tmp') })
    if (!green.ok) throw new Error(green.error.message)
    try {
      expect(green.value.note && noteText(green.value.note)).toMatch(
        /^downscaled from 20000×20000 to 15811×15811/,
      )
      expect(green.value.width * green.value.height).toBeLessThanOrEqual(GREEN_MAX_PIXELS)
    } finally {
      await green.value.cleanup()
    }
  }, 180_000)

  it('refuses the 50,000² header bomb with its real size and the limit, word for word as pre-flight', async () => {
    const path = join(dir, 'bomb.png')
    // A few KB whose header claims 2.5 gigapixels.
    await writeFile(path, await greyPng(50_000, 50_000, { rows: 4 }))
    const [outcome] = await scanOk([file(path)], ['porn', 'qrcode'])
    if (outcome?.ok !== false) throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`)
    expect(outcome.error.code).toBe('IMAGE_TOO_LARGE')
    expect(outcome.error.message).toContain(
      'bomb.png is 50000×50000 pixels (2500 megapixels), over the 1000 megapixels',
    )
    expect(outcome.error.message).toMatch(/Downscale it below 1000 megapixels/)
    expect(outcome.error.message).not.toMatch(/\b250\b|\b268\b/)

    const green = await preflight(path, { tempDir: join(dir, 'tmp') })
    expect(green.ok ? null : green.error).toEqual(outcome.error)
  })
})
