import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from './emulator/emulator'
import { GreenEngine } from './green-engine'

let dir: string
let jpeg: Buffer
const opened: { close(): Promise<void> }[] = []
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenlight-engine-'))
  jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#777' } })
    .jpeg()
    .toBuffer()
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()))
})

async function setup(secret?: string): Promise<{ emu: RunningEmulator; engine: GreenEngine }> {
  const emu = await startEmulator({ port: 0 })
  opened.push(emu)
  const engine = GreenEngine.create({
    client: {
      endpoint: emu.endpoint,
      credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: secret ?? emu.accessKeySecret },
    },
  })
  if (!engine.ok) throw new Error(engine.error.message)
  opened.push(engine.value)
  return { emu, engine: engine.value }
}

describe('GreenEngine over the emulator', () => {
  it('uploads files and bytes, scans URLs direct, and returns outcomes in task order for all six scenes', async () => {
    const { emu, engine } = await setup()
    const path = join(dir, 'a.jpg')
    await writeFile(path, jpeg)
    const broken = join(dir, 'broken.jpg')
    await writeFile(broken, 'not an image')
    emu.scriptVerdict({ url: 'https://e.com/gone.jpg' }, { taskCode: 480 })
    const result = await engine.scan(
      [
        { dataId: '1', input: { kind: 'file', path } },
        { dataId: '2', input: { kind: 'url', url: 'https://e.com/x.jpg' } },
        { dataId: '3', input: { kind: 'bytes', bytes: jpeg, name: 'b.jpg' } },
        { dataId: '4', input: { kind: 'file', path: broken } },
        { dataId: '5', input: { kind: 'url', url: 'https://e.com/gone.jpg' } },
      ],
      engine.supportedScenes,
    )
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.map((o) => [o.dataId, o.ok])).toEqual([
      ['1', true],
      ['2', true],
      ['3', true],
      ['4', false],
      ['5', false],
    ])
    const first = result.value[0]
    expect(first?.ok && first.results.map((r) => r.scene)).toEqual([
      'porn',
      'terrorism',
      'ad',
      'qrcode',
      'live',
      'logo',
    ])
    expect(first?.ok && first.taskId).toMatch(/^img/)
    // Same bytes, same verdict, whether from a file or from memory.
    const third = result.value[2]
    expect(third?.ok && third.results).toEqual(first?.ok && first.results)
    expect(result.value[3]).toMatchObject({ ok: false, error: { code: 'NOT_AN_IMAGE' } })
    expect(result.value[4]).toMatchObject({ ok: false, error: { code: 'DOWNLOAD_FAILED' } })
    expect(emu.ossPuts).toHaveLength(2)
  })

  it('a request-level failure is the Result error and stops the queue', async () => {
    const { engine } = await setup('wrong-secret')
    const result = await engine.scan(
      [{ dataId: '1', input: { kind: 'url', url: 'https://e.com/x.jpg' } }],
      ['porn'],
    )
    expect(!result.ok && result.error).toMatchObject({ code: 'AUTH_SIGNATURE', stopsQueue: true })
    const upload = await engine.scan(
      [{ dataId: '1', input: { kind: 'bytes', bytes: jpeg, name: 'x' } }],
      ['porn'],
    )
    expect(!upload.ok && upload.error.code).toBe('AUTH_SIGNATURE')
  })

  it('splits more than 100 tasks into several requests', async () => {
    const { emu, engine } = await setup()
    const tasks = Array.from({ length: 130 }, (_, i) => ({
      dataId: `d${i}`,
      input: { kind: 'url' as const, url: `https://e.com/${i}.jpg` },
    }))
    const emuFast = await startEmulator({ port: 0, qps: 0 })
    opened.push(emuFast)
    const fast = GreenEngine.create({
      client: {
        endpoint: emuFast.endpoint,
        credentials: { accessKeyId: emuFast.accessKeyId, accessKeySecret: emuFast.accessKeySecret },
      },
    })
    if (!fast.ok) throw new Error(fast.error.message)
    opened.push(fast.value)
    const result = await fast.value.scan(tasks, ['porn'])
    expect(result.ok && result.value.every((o) => o.ok)).toBe(true)
    expect(emuFast.stats.requests['/green/image/scan']).toBe(2)
    // With the default 50 images/s quota the same batch is throttled as a whole.
    const throttled = await engine.scan(tasks.slice(0, 60), ['porn'])
    expect(!throttled.ok && throttled.error).toMatchObject({ code: 'THROTTLED', retryable: true })
    expect(emu.stats.throttled).toBe(1)
  })
})
