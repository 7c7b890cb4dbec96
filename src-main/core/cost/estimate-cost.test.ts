import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item, Scene } from '../../../src-shared/domain'
import { animatedGif, photoLikeJpeg } from '../../../tests/fixtures/images'
import type { CachedScene, VerdictKey } from '../store/ports/verdict-cache'
import { billedFrames } from './billed-frames'
import { estimateCost, probeImage, type EstimateDeps } from './estimate-cost'

const HINTS = { interval: 1, maxFrames: 5 }
const SCENES: Scene[] = ['porn', 'terrorism', 'ad']

/** A cache that knows the given hashes for the given scenes, and a hash that is the file name. */
function deps(
  cached: Record<string, readonly Scene[]> = {},
  earlier = new Map<string, Item>(),
): EstimateDeps {
  return {
    items: { latestBySource: () => Promise.resolve(earlier) },
    verdicts: {
      lookup: (key: VerdictKey, scenes: readonly Scene[]) =>
        Promise.resolve(
          (cached[key.sha256] ?? [])
            .filter((s) => scenes.includes(s))
            .map((scene): CachedScene => ({ scene, result: null, taskId: null })),
        ),
    },
    hash: (path) => Promise.resolve(path.endsWith('missing.jpg') ? null : `sha-${path}`),
    probe: (path) =>
      Promise.resolve(
        path.endsWith('notes.jpg')
          ? null
          : path.endsWith('.gif')
            ? { format: 'gif', width: 200, height: 200, pages: 12, bytes: 50_000 }
            : { format: 'jpeg', width: 800, height: 600, pages: 1, bytes: 90_000 },
      ),
  }
}

const files = (...names: string[]) =>
  names.map((source) => ({ sourceKind: 'file' as const, source }))
const request = (sources: ReturnType<typeof files>, scenes: Scene[] = SCENES) => ({
  sources,
  unscannable: 0,
  engine: 'green' as const,
  scenes,
  bizType: null,
  engineKey: 'green:test',
  frameHints: HINTS,
})

describe('estimateCost', () => {
  it('bills images × scenes for stills, and counts an image whose every scene is cached as free', async () => {
    const estimate = await estimateCost(
      deps({ 'sha-/b.jpg': SCENES }),
      request(files('/a.jpg', '/b.jpg', '/c.jpg')),
    )
    expect(estimate).toMatchObject({ images: 2, scenes: 3, frames: 2, units: 6, free: 1 })
  })

  it('bills the whole image again when only some of its scenes are cached (the scan sends all of them)', async () => {
    const estimate = await estimateCost(deps({ 'sha-/a.jpg': ['porn'] }), request(files('/a.jpg')))
    expect(estimate).toMatchObject({ images: 1, units: 3, free: 0 })
  })

  it('bills the sampled frames of an animated GIF, at most maxFrames', async () => {
    const estimate = await estimateCost(deps(), request(files('/a.jpg', '/anim.gif'), ['porn']))
    expect(estimate).toMatchObject({ images: 2, frames: 1 + 5, units: 6 })
  })

  it('counts a second copy of the same bytes and an unchanged judged file as free, and what cannot be scanned as unbilled', async () => {
    const judged = { state: 'done', sha256: 'sha-/kept.jpg' } as Item
    const estimate = await estimateCost(deps({}, new Map([['/kept.jpg', judged]])), {
      ...request([...files('/a.jpg', '/a.jpg', '/kept.jpg', '/missing.jpg', '/notes.jpg')]),
      unscannable: 2,
    })
    expect(estimate).toMatchObject({ images: 1, units: 3, free: 2, unscannable: 4 })
  })

  it('is free with the local engine, and never reads a file for it', async () => {
    const estimate = await estimateCost(
      { ...deps(), hash: () => Promise.reject(new Error('read')) },
      { ...request(files('/a.jpg', '/b.jpg')), engine: 'local' },
    )
    expect(estimate).toMatchObject({ engine: 'local', units: 0, images: 0, free: 2 })
  })
})

describe('billedFrames', () => {
  it('samples one frame every interval, at most maxFrames; a still or a short GIF is what it has', () => {
    const gif = { format: 'gif', width: 100, height: 100, bytes: 1_000 }
    expect(billedFrames({ ...gif, pages: 12 }, { interval: 3, maxFrames: 10 })).toBe(4)
    expect(billedFrames({ ...gif, pages: 3 }, { interval: 1, maxFrames: 5 })).toBe(3)
    expect(billedFrames({ ...gif, pages: 1 }, { interval: 1, maxFrames: 5 })).toBe(1)
    expect(billedFrames({ ...gif, format: 'webp', pages: 12 }, HINTS)).toBe(1)
  })

  it('cuts a long image into tiles of its short side', () => {
    const strip = { format: 'jpeg', width: 500, height: 2_000, pages: 1, bytes: 1_000 }
    expect(billedFrames(strip, { interval: 1, maxFrames: 10 })).toBe(4)
    expect(billedFrames(strip, { interval: 1, maxFrames: 2 })).toBe(2)
  })
})

describe('probeImage', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gl-cost-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('reads frames and size from real files, and says null for what is not an image', async () => {
    await writeFile(join(dir, 'anim.gif'), await animatedGif(64, 48, 7))
    await writeFile(join(dir, 'photo.jpg'), await photoLikeJpeg(320, 240, 3))
    await writeFile(join(dir, 'notes.jpg'), 'milk, eggs')
    await writeFile(join(dir, 'empty.jpg'), '')
    expect(await probeImage(join(dir, 'anim.gif'))).toMatchObject({ format: 'gif', pages: 7 })
    expect(await probeImage(join(dir, 'photo.jpg'))).toMatchObject({
      format: 'jpeg',
      width: 320,
      height: 240,
      pages: 1,
    })
    expect(await probeImage(join(dir, 'notes.jpg'))).toBeNull()
    expect(await probeImage(join(dir, 'empty.jpg'))).toBeNull()
    expect(await probeImage(join(dir, 'gone.jpg'))).toBeNull()
  })
})
