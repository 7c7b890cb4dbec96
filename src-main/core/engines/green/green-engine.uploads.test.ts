import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { emulatorEngine } from '../../../../tests/fixtures/emulator-engine'
import { photoLikeJpeg } from '../../../../tests/fixtures/images'
import { startEmulator, type RunningEmulator } from './emulator/emulator'

let dir = ''
let emulator: RunningEmulator

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-reuse-'))
  emulator = await startEmulator({ port: 0, qps: 0 })
})
afterAll(async () => {
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})

describe('GreenEngine uploads and pacing', () => {
  it('a retried call sends the objects already uploaded; a changed file is uploaded again', async () => {
    const files: string[] = []
    for (let i = 0; i < 5; i++) {
      const path = join(dir, `r-${String(i)}.jpg`)
      await writeFile(path, await photoLikeJpeg(64, 48, 700 + i))
      files.push(path)
    }
    const built = emulatorEngine(emulator, { preflight: { tempDir: join(dir, 'tmp') } })
    if (!built.ok) throw new Error(built.error.message)
    const engine = built.value
    const tasks = files.map((path, i) => ({
      dataId: String(i),
      input: { kind: 'file' as const, path },
    }))

    // Green answers the scan with a 500: the whole call fails after the uploads.
    emulator.injectFaults({ kind: 'http500', path: '/green/image/scan' })
    const failed = await engine.scan(tasks, ['porn'])
    expect(failed.ok).toBe(false)
    expect(emulator.ossPuts).toHaveLength(5)

    // What the retry policy does next: the same call. No image is uploaded twice.
    const retried = await engine.scan(tasks, ['porn'])
    expect(retried.ok && retried.value.every((o) => o.ok)).toBe(true)
    expect(emulator.ossPuts).toHaveLength(5)

    // Edited since: new bytes, new upload.
    await writeFile(files[0]!, await photoLikeJpeg(64, 48, 799))
    const later = new Date(Date.now() + 5_000)
    await utimes(files[0]!, later, later)
    const again = await engine.scan(tasks.slice(0, 1), ['porn'])
    expect(again.ok).toBe(true)
    expect(emulator.ossPuts).toHaveLength(6)
    await engine.close()
  })

  it('warms up by fetching upload credentials once, which the first upload then uses', async () => {
    const emu = await startEmulator({ port: 0, qps: 0 })
    try {
      const path = join(dir, 'warm.jpg')
      await writeFile(path, await photoLikeJpeg(64, 48, 900))
      const built = emulatorEngine(emu, { preflight: { tempDir: join(dir, 'tmp') } })
      if (!built.ok) throw new Error(built.error.message)
      const credentials = () => emu.stats.requests['/green/credentials/uploadcredentials']
      built.value.warmUp()
      await vi.waitFor(() => {
        expect(credentials()).toBe(1)
      })
      expect(emu.ossPuts).toHaveLength(0)
      const scanned = await built.value.scan(
        [{ dataId: '1', input: { kind: 'file', path } }],
        ['porn'],
      )
      expect(scanned.ok && scanned.value.every((o) => o.ok)).toBe(true)
      expect(credentials()).toBe(1)
      await built.value.close()
    } finally {
      await emu.close()
    }
  })

  it('waits for the pace after its uploads, right before the request Green counts', async () => {
    const files: string[] = []
    for (let i = 0; i < 3; i++) {
      const path = join(dir, `p-${String(i)}.jpg`)
      await writeFile(path, await photoLikeJpeg(64, 48, 900 + i))
      files.push(path)
    }
    const built = emulatorEngine(emulator)
    if (!built.ok) throw new Error(built.error.message)
    expect(built.value.pacesItself).toBe(true)
    const putsBefore = emulator.ossPuts.length
    const scansBefore = emulator.scans.length
    const paced: { images: number; uploaded: number; scanned: number }[] = []
    const answer = await built.value.scan(
      files.map((path, i) => ({ dataId: String(i), input: { kind: 'file' as const, path } })),
      ['porn'],
      {
        pace: (images) => {
          paced.push({
            images,
            uploaded: emulator.ossPuts.length - putsBefore,
            scanned: emulator.scans.length - scansBefore,
          })
          return Promise.resolve({ ok: true as const, value: undefined })
        },
      },
    )
    await built.value.close()
    expect(answer.ok).toBe(true)
    // Once, for the whole request, with every upload done and the scan not yet sent.
    expect(paced).toEqual([{ images: 3, uploaded: 3, scanned: 0 }])
    expect(emulator.scans.length - scansBefore).toBe(1)
  })
})
