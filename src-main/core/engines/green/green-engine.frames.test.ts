import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { animatedGif, photoLikeJpeg } from '../../../../tests/fixtures/images'
import { startEmulator, type RunningEmulator } from './emulator/emulator'
import { GreenEngine } from './green-engine'

let dir = ''
let emulator: RunningEmulator

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-frames-'))
  emulator = await startEmulator({ port: 0, qps: 0, asyncDelayMs: 0 })
})
afterAll(async () => {
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})

describe('GreenEngine frame hints (settings.frameHints)', () => {
  it.each(['sync', 'async'] as const)(
    'sends interval/maxFrames for an animated GIF and a URL, never for a still photo (%s)',
    async (mode) => {
      const gif = join(dir, `anim-${mode}.gif`)
      const jpg = join(dir, `still-${mode}.jpg`)
      await writeFile(gif, await animatedGif(64, 48, 12))
      await writeFile(jpg, await photoLikeJpeg(64, 48, mode === 'sync' ? 1 : 2))
      const built = GreenEngine.create({
        client: {
          endpoint: emulator.endpoint,
          credentials: {
            accessKeyId: emulator.accessKeyId,
            accessKeySecret: emulator.accessKeySecret,
          },
        },
        preflight: { tempDir: join(dir, 'tmp') },
        frameHints: { interval: 2, maxFrames: 7 },
      })
      if (!built.ok) throw new Error(built.error.message)
      const engine = built.value
      const tasks = [
        { dataId: 'gif', input: { kind: 'file' as const, path: gif } },
        { dataId: 'jpg', input: { kind: 'file' as const, path: jpg } },
        { dataId: 'url', input: { kind: 'url' as const, url: `https://example.com/${mode}.gif` } },
      ]
      const before = emulator.scans.length
      const answer =
        mode === 'sync'
          ? await engine.scan(tasks, ['porn'])
          : await engine.async.submit(tasks, ['porn'])
      await engine.close()
      expect(answer.ok).toBe(true)
      const sent = emulator.scans.slice(before)
      expect(sent.map((s) => s.action)).toEqual([
        mode === 'sync' ? 'ImageSyncScan' : 'ImageAsyncScan',
      ])
      const byId = new Map(sent[0]!.scan.tasks.map((t) => [t.dataId, t]))
      expect(byId.get('gif')).toMatchObject({ interval: 2, maxFrames: 7 })
      expect(byId.get('url')).toMatchObject({ interval: 2, maxFrames: 7 })
      expect(byId.get('jpg')?.interval).toBeUndefined()
      expect(byId.get('jpg')?.maxFrames).toBeUndefined()
    },
  )
})
