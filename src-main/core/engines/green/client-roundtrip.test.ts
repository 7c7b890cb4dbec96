import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator/emulator'
import { GreenClient, type GreenClientOptions, type GreenResult } from './green-client'
import { OssUploader } from './oss-uploader'
import { RetryPolicy } from '../../pacing/retry-policy'

let dir: string
let jpeg: Buffer
let png: Buffer
const opened: { close(): Promise<void> }[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenlight-green-'))
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer()
  png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#a37' } })
    .png()
    .toBuffer()
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()))
})

async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ port: 0, ...options })
  opened.push(emu)
  return emu
}

function client(emu: RunningEmulator, extra: Partial<GreenClientOptions> = {}): GreenClient {
  const created = GreenClient.create({
    endpoint: emu.endpoint,
    credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
    ...extra,
  })
  if (!created.ok) throw new Error(created.error.message)
  opened.push(created.value)
  return created.value
}

function value<T>(result: GreenResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

const URL_A = 'https://images.example.com/a.jpg'

describe('GreenClient against the emulator: sync scan', () => {
  it('scans URLs in every scene, echoes dataId, and is deterministic per image', async () => {
    const emu = await emulator()
    const green = client(emu, { clientInfo: { userType: 'others', ip: '127.0.0.2' } })
    const scenes = ['porn', 'terrorism', 'ad', 'qrcode', 'live', 'logo'] as const
    const request = {
      scenes,
      tasks: [
        { dataId: 'a', url: URL_A },
        { dataId: 'b', url: `${URL_A}?v=2` },
      ],
    }
    const first = value(await green.imageSyncScan(request))
    const second = value(await green.imageSyncScan(request))
    expect(first.requestId).toMatch(/^[0-9A-F-]{36}$/)
    expect(first.tasks.map((t) => t.dataId)).toEqual(['a', 'b'])
    for (const task of first.tasks) {
      expect(task.status).toBe('done')
      if (task.status === 'done') {
        expect(task.taskId).toMatch(/^img[A-Za-z0-9$@]{22}-[A-Za-z0-9$@]{6}$/)
        expect(task.results.map((r) => r.scene)).toEqual([...scenes])
      }
    }
    const verdicts = (r: typeof first) =>
      r.tasks.map((t) => (t.status === 'done' ? t.results : null))
    expect(verdicts(second)).toEqual(verdicts(first))
  })

  it('returns scripted verdicts with typed extras and normalises Trademark', async () => {
    const emu = await emulator()
    emu.scriptVerdict(
      { url: URL_A },
      {
        scenes: {
          logo: {
            label: 'Trademark',
            suggestion: 'review',
            rate: 88,
            logoData: [{ type: 'trademark', name: 'acme', x: 1, y: 2, w: 3, h: 4 }],
          },
          qrcode: { label: 'qrcode', suggestion: 'review', qrcodeData: ['https://x.example/q'] },
        },
      },
    )
    emu.scriptVerdict(
      { url: 'https://images.example.com/gone.jpg' },
      { taskCode: 480, taskMsg: 'DOWNLOAD_FAILED' },
    )
    const green = client(emu)
    const scan = value(
      await green.imageSyncScan({
        scenes: ['logo', 'qrcode'],
        tasks: [
          { dataId: 'a', url: URL_A },
          { dataId: 'g', url: 'https://images.example.com/gone.jpg' },
        ],
      }),
    )
    const [a, gone] = scan.tasks
    expect(a?.status === 'done' && a.results).toEqual([
      {
        scene: 'logo',
        label: 'trademark',
        suggestion: 'review',
        rate: 88,
        extras: { logoData: [{ type: 'trademark', name: 'acme', x: 1, y: 2, w: 3, h: 4 }] },
      },
      {
        scene: 'qrcode',
        label: 'qrcode',
        suggestion: 'review',
        rate: 99.9,
        extras: { qrcodeData: ['https://x.example/q'] },
      },
    ])
    expect(gone?.status === 'failed' && gone.error).toMatchObject({
      code: 'DOWNLOAD_FAILED',
      retryable: false,
      stopsQueue: false,
    })
  })

  it('rejects more than 100 tasks before sending; the emulator rejects them too', async () => {
    const emu = await emulator({ qps: 0 })
    const green = client(emu)
    const tasks = Array.from({ length: 101 }, (_, i) => ({ dataId: `d${i}`, url: `${URL_A}?${i}` }))
    const result = await green.imageSyncScan({ scenes: ['porn'], tasks })
    expect(!result.ok && result.error.code).toBe('VALIDATION')
    expect(emu.stats.requests['/green/image/scan']).toBeUndefined()
    const hundred = await green.imageSyncScan({ scenes: ['porn'], tasks: tasks.slice(0, 100) })
    expect(hundred.ok && hundred.value.tasks).toHaveLength(100)
  })
})

describe('GreenClient against the emulator: auth', () => {
  it('a wrong secret is SignatureDoesNotMatch and stops the queue; an unknown key too', async () => {
    const emu = await emulator()
    const bad = client(emu, {
      credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: 'wrong' },
    })
    const r = await bad.imageSyncScan({ scenes: ['porn'], tasks: [{ url: URL_A }] })
    expect(!r.ok && r.error).toMatchObject({
      code: 'AUTH_SIGNATURE',
      greenCode: 'SignatureDoesNotMatch',
      stopsQueue: true,
      httpStatus: 400,
    })
    const unknown = client(emu, { credentials: { accessKeyId: 'LTAInope', accessKeySecret: 'x' } })
    const u = await unknown.uploadCredentials()
    expect(!u.ok && u.error).toMatchObject({
      code: 'AUTH_INVALID_KEY',
      stopsQueue: true,
      httpStatus: 404,
    })
  })

  it('accepts STS credentials, and refuses them once expired', async () => {
    const emu = await emulator()
    const sts = emu.issueStsCredentials(60_000)
    const green = client(emu, { credentials: sts })
    expect(
      value(await green.imageSyncScan({ scenes: ['porn'], tasks: [{ url: URL_A }] })).tasks,
    ).toHaveLength(1)
    emu.advanceTime(61_000)
    const r = await green.imageSyncScan({ scenes: ['porn'], tasks: [{ url: URL_A }] })
    expect(!r.ok && r.error).toMatchObject({ code: 'AUTH_EXPIRED', stopsQueue: true })
  })

  it('a clock more than 15 minutes off is InvalidTimeStamp.Expired', async () => {
    const emu = await emulator()
    const green = client(emu, { now: () => new Date(Date.now() - 20 * 60_000) })
    const r = await green.uploadCredentials()
    expect(!r.ok && r.error).toMatchObject({
      greenCode: 'InvalidTimeStamp.Expired',
      stopsQueue: true,
    })
  })

  it('refuses plain http to a non-loopback endpoint', () => {
    const r = GreenClient.create({
      endpoint: 'http://green.cn-shanghai.aliyuncs.com',
      credentials: { accessKeyId: 'a', accessKeySecret: 'b' },
    })
    expect(!r.ok && r.error.message).toMatch(/plain http/)
  })
})

describe('Uploads (ClientUploader) against the emulator', () => {
  it('streams a file, sniffs its type (not the extension), and scans the oss:// URL', async () => {
    const emu = await emulator()
    const green = client(emu)
    const path = join(dir, 'really-a-jpeg.png')
    await writeFile(path, jpeg)
    const uploader = new OssUploader(green, { uuid: () => '0f8fad5b-d9cb-469f-a165-70867728950e' })
    const uploaded = value(await uploader.upload({ kind: 'file', path }))
    expect(uploaded.key).toBe('1234567890123456/images/0f8fad5b-d9cb-469f-a165-70867728950e.jpg')
    expect(uploaded.ossUrl).toBe(`oss://${emu.uploadBucket}/${uploaded.key}`)
    expect(uploaded.contentType).toBe('image/jpeg')
    const stored = emu.objects.get(`${emu.uploadBucket}/${uploaded.key}`)
    expect(stored?.bytes.equals(jpeg)).toBe(true)
    expect(emu.ossPuts.at(-1)).toMatchObject({
      style: 'path',
      contentType: 'image/jpeg',
      dateHeader: 'date',
    })
    const scan = value(
      await green.imageSyncScan({
        scenes: ['porn'],
        tasks: [{ dataId: 'f', url: uploaded.ossUrl }],
      }),
    )
    expect(scan.tasks[0]?.status).toBe('done')
  })

  it('uploads bytes, caches credentials, and fails bad input per item without a call', async () => {
    const emu = await emulator()
    const uploader = new OssUploader(client(emu))
    value(await uploader.upload({ kind: 'bytes', bytes: png }))
    value(await uploader.upload({ kind: 'bytes', bytes: jpeg }))
    expect(emu.stats.requests['/green/credentials/uploadcredentials']).toBe(1)
    const notImage = await uploader.upload({
      kind: 'bytes',
      bytes: Buffer.from('hello, not an image'),
    })
    expect(!notImage.ok && notImage.error.code).toBe('NOT_AN_IMAGE')
    const missing = await uploader.upload({ kind: 'file', path: join(dir, 'nope.jpg') })
    expect(!missing.ok && missing.error.code).toBe('FILE_NOT_FOUND')
    const empty = await uploader.upload({ kind: 'bytes', bytes: new Uint8Array() })
    expect(!empty.ok && empty.error.code).toBe('FILE_EMPTY')
    expect(emu.ossPuts).toHaveLength(2)
  })

  it('refreshes once when OSS says the token expired', async () => {
    const emu = await emulator()
    const uploader = new OssUploader(client(emu))
    value(await uploader.upload({ kind: 'bytes', bytes: png }))
    emu.expireUploadCredentials()
    value(await uploader.upload({ kind: 'bytes', bytes: png }))
    expect(emu.stats.requests['/green/credentials/uploadcredentials']).toBe(2)
    expect(emu.ossPuts).toHaveLength(2)
  })

  it('refreshes once on InvalidAccessKeyId, and only once when fresh ones fail too', async () => {
    const emu = await emulator()
    const uploader = new OssUploader(client(emu))
    value(await uploader.upload({ kind: 'bytes', bytes: png }))
    emu.revokeUploadCredentials()
    value(await uploader.upload({ kind: 'bytes', bytes: png }))
    expect(emu.stats.requests['/green/credentials/uploadcredentials']).toBe(2)

    const stale = await emulator({ uploadCredentialTtlMs: -1000 })
    const doomed = new OssUploader(client(stale), { marginMs: 0 })
    const r = await doomed.upload({ kind: 'bytes', bytes: png })
    expect(!r.ok && r.error).toMatchObject({
      code: 'AUTH_EXPIRED',
      greenCode: 'SecurityTokenExpired',
      httpStatus: 403,
    })
    expect(stale.stats.requests['/green/credentials/uploadcredentials']).toBe(2)
    expect(stale.stats.requests['OSS PUT']).toBe(2)
  })

  it('refreshes when the cached credentials reach expiredTime minus the margin', async () => {
    const emu = await emulator({ uploadCredentialTtlMs: 10 * 60_000 })
    let clock = Date.now()
    const uploader = new OssUploader(client(emu), { now: () => clock, marginMs: 60_000 })
    value(await uploader.upload({ kind: 'bytes', bytes: png }))
    clock += 8 * 60_000
    value(await uploader.upload({ kind: 'bytes', bytes: png }))
    expect(emu.stats.requests['/green/credentials/uploadcredentials']).toBe(1)
    clock += 90_000 // now within the margin of expiry
    value(await uploader.upload({ kind: 'bytes', bytes: png }))
    expect(emu.stats.requests['/green/credentials/uploadcredentials']).toBe(2)
  })

  it('judges stored objects by their bytes: oversized GIF 480, scripted frames for a GIF', async () => {
    const emu = await emulator()
    const green = client(emu)
    const uploader = new OssUploader(green)
    const gif = (w: number, h: number) => {
      const b = Buffer.alloc(64)
      b.write('GIF89a', 0, 'latin1')
      b.writeUInt16LE(w, 6)
      b.writeUInt16LE(h, 8)
      return b
    }
    const big = value(await uploader.upload({ kind: 'bytes', bytes: gif(4000, 2000) }))
    const small = value(await uploader.upload({ kind: 'bytes', bytes: gif(100, 100) }))
    expect(big.contentType).toBe('image/gif')
    emu.scriptVerdict(
      { bytes: gif(100, 100) },
      {
        scenes: {
          porn: { label: 'porn', suggestion: 'block', frames: [{ rate: 90, url: 'http://f/1' }] },
        },
      },
    )
    const scan = value(
      await green.imageSyncScan({
        scenes: ['porn'],
        tasks: [
          { dataId: 'big', url: big.ossUrl },
          { dataId: 'small', url: small.ossUrl, interval: 2, maxFrames: 5 },
        ],
      }),
    )
    expect(scan.tasks[0]).toMatchObject({
      status: 'failed',
      error: { code: 'DOWNLOAD_FAILED', greenCode: '480' },
    })
    const done = scan.tasks[1]
    expect(done?.status === 'done' && done.results[0]?.extras?.frames).toEqual([
      { rate: 90, url: 'http://f/1' },
    ])
  })

  it('an unknown oss:// object fails that task alone', async () => {
    const emu = await emulator()
    const scan = value(
      await client(emu).imageSyncScan({
        scenes: ['porn'],
        tasks: [
          { dataId: 'x', url: `oss://${emu.uploadBucket}/1234567890123456/images/missing.jpg` },
          { dataId: 'y', url: URL_A },
        ],
      }),
    )
    expect(scan.tasks[0]).toMatchObject({
      status: 'failed',
      error: { code: 'DOWNLOAD_FAILED', greenCode: '404' },
    })
    expect(scan.tasks[1]?.status).toBe('done')
  })
})

describe('Throttling, faults and cancellation', () => {
  it('588 counted in images per second; a bounded retry gets through', async () => {
    const frozen = Date.now()
    const emu = await emulator({ qps: 3, clock: () => frozen })
    const green = client(emu)
    const tasks = [
      { dataId: '1', url: URL_A },
      { dataId: '2', url: `${URL_A}?2` },
    ]
    value(await green.imageSyncScan({ scenes: ['porn'], tasks }))
    const throttled = await green.imageSyncScan({ scenes: ['porn'], tasks })
    expect(!throttled.ok && throttled.error).toMatchObject({
      code: 'THROTTLED',
      retryable: true,
      greenCode: '588',
    })
    const retries: number[] = []
    // The retry policy the scan queue uses for every engine call.
    const policy = new RetryPolicy({ attempts: 4, baseDelayMs: 1 })
    const retried = await policy.run(() => green.imageSyncScan({ scenes: ['porn'], tasks }), {
      onRetry: (error, attempt) => {
        retries.push(attempt)
        expect(error.code).toBe('THROTTLED')
        // The quota window moves on while the client backs off.
        emu.advanceTime(1_000)
      },
    })
    expect(retried.result.ok).toBe(true)
    expect(retries).toEqual([1])
    expect(emu.stats.throttled).toBe(2)
  })

  it('588 under a mirrored HTTP status is still THROTTLED', async () => {
    const emu = await emulator({ qps: 1, businessErrorStatus: 'same-as-code', clock: () => 0 })
    const green = client(emu)
    const r = await green.imageSyncScan({
      scenes: ['porn'],
      tasks: [{ url: URL_A }, { url: `${URL_A}?b` }],
    })
    expect(!r.ok && r.error).toMatchObject({ code: 'THROTTLED', httpStatus: 588 })
  })

  it('injected faults map to the right errors', async () => {
    const emu = await emulator()
    const green = client(emu)
    const scan = () =>
      green.imageSyncScan({ scenes: ['porn'], tasks: [{ dataId: 'a', url: URL_A }] })
    emu.injectFaults({ kind: 'drop' })
    expect(await scan()).toMatchObject({ ok: false, error: { code: 'NETWORK', retryable: true } })
    emu.injectFaults({ kind: 'http500' })
    expect(await scan()).toMatchObject({
      ok: false,
      error: { code: 'SERVER_ERROR', retryable: true, httpStatus: 500 },
    })
    emu.injectFaults({ kind: 'task-code', code: 592, msg: 'DOWNLOAD_TIMEOUT' })
    const r = value(await scan())
    expect(r.tasks[0]).toMatchObject({
      status: 'failed',
      error: { code: 'DOWNLOAD_FAILED', retryable: true },
    })
    emu.injectFaults({ kind: 'request-code', code: 596, msg: 'PERMISSION_DENY' })
    expect(await scan()).toMatchObject({
      ok: false,
      error: { code: 'SERVICE_NOT_ACTIVATED', stopsQueue: true },
    })
    expect((await scan()).ok).toBe(true)
  })

  it('a slow answer is TIMEOUT; an aborted call is CANCELLED', async () => {
    const emu = await emulator()
    const green = client(emu, { syncTimeoutMs: 200 })
    emu.injectFaults({ kind: 'latency', ms: 1_000 })
    expect(await green.imageSyncScan({ scenes: ['porn'], tasks: [{ url: URL_A }] })).toMatchObject({
      ok: false,
      error: { code: 'TIMEOUT', retryable: true },
    })
    emu.injectFaults({ kind: 'latency', ms: 1_000 })
    const controller = new AbortController()
    const pending = green.imageSyncScan(
      { scenes: ['porn'], tasks: [{ url: URL_A }] },
      { signal: controller.signal, timeoutMs: 5_000 },
    )
    setTimeout(() => {
      controller.abort()
    }, 50)
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
  })
})

describe('Async scans and feedback', () => {
  it('answers 280 until done, then results; expired and unknown ids fail per task', async () => {
    const emu = await emulator({ asyncDelayMs: 60_000 })
    const green = client(emu)
    const submitted = value(
      await green.imageAsyncScan({
        scenes: ['porn', 'ad'],
        tasks: [
          { dataId: 'a', url: URL_A },
          { dataId: 'b', url: `${URL_A}?b` },
        ],
      }),
    )
    const ids = submitted.tasks.map((t) => (t.status === 'submitted' ? t.taskId : ''))
    expect(ids.every((id) => id.startsWith('img'))).toBe(true)
    const pending = value(await green.imageAsyncScanResults(ids))
    expect(pending.tasks.map((t) => t.status)).toEqual(['pending', 'pending'])
    emu.completeAsyncTasks([ids[0]!])
    let polls = 0
    let done = value(await green.imageAsyncScanResults(ids))
    while (done.tasks.some((t) => t.status === 'pending') && polls < 5) {
      polls++
      emu.completeAsyncTasks()
      done = value(await green.imageAsyncScanResults(ids))
    }
    expect(done.tasks.map((t) => t.status)).toEqual(['done', 'done'])
    expect(done.tasks.map((t) => t.dataId)).toEqual(['a', 'b'])
    const sync = value(
      await green.imageSyncScan({ scenes: ['porn', 'ad'], tasks: [{ url: URL_A }] }),
    )
    const firstDone = done.tasks[0]
    expect(firstDone?.status === 'done' && firstDone.results).toEqual(
      sync.tasks[0]?.status === 'done' && sync.tasks[0].results,
    )
    emu.advanceTime(2 * 3_600_000)
    const expired = value(
      await green.imageAsyncScanResults([ids[0]!, 'imgUNKNOWNUNKNOWNUNKNOWN00-000000']),
    )
    expect(expired.tasks[0]).toMatchObject({ status: 'failed', error: { code: 'TASK_EXPIRED' } })
    expect(expired.tasks[1]).toMatchObject({
      status: 'failed',
      error: { code: 'DOWNLOAD_FAILED', greenCode: '404' },
    })
  })

  it('posts a callback with checksum = sha256(uid + seed + content)', async () => {
    const received: string[] = []
    const server: Server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        received.push(body)
        res.end('ok')
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    opened.push({
      close: () =>
        new Promise<void>((r) =>
          server.close(() => {
            r()
          }),
        ),
    })
    const emu = await emulator({ asyncDelayMs: 60_000, accountUid: '42' })
    const green = client(emu)
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`
    const submitted = value(
      await green.imageAsyncScan({
        scenes: ['porn'],
        tasks: [{ url: URL_A }],
        callback: url,
        seed: 's33d',
      }),
    )
    emu.completeAsyncTasks()
    for (let i = 0; i < 100 && received.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20))
    const form = new URLSearchParams(received[0])
    const content = form.get('content') ?? ''
    expect(JSON.parse(content)).toMatchObject({
      code: 200,
      taskId: submitted.tasks[0]?.status === 'submitted' && submitted.tasks[0].taskId,
    })
    expect(form.get('checksum')).toBe(createHash('sha256').update(`42s33d${content}`).digest('hex'))
    expect(emu.callbacks[0]?.status).toBe('delivered')
  })

  it('records feedback and applies it to later scans of the same image (by URL and by bytes)', async () => {
    const emu = await emulator()
    const green = client(emu)
    value(
      await green.imageScanFeedback({
        url: URL_A,
        scenes: ['porn'],
        suggestion: 'block',
        label: 'porn',
        note: 'missed',
      }),
    )
    const after = value(await green.imageSyncScan({ scenes: ['porn'], tasks: [{ url: URL_A }] }))
    expect(after.tasks[0]?.status === 'done' && after.tasks[0].results[0]).toMatchObject({
      label: 'porn',
      suggestion: 'block',
    })
    expect(emu.feedback[0]?.body).toMatchObject({ note: 'missed', suggestion: 'block' })

    const uploader = new OssUploader(green)
    const first = value(await uploader.upload({ kind: 'bytes', bytes: jpeg }))
    const scanned = value(
      await green.imageSyncScan({ scenes: ['terrorism'], tasks: [{ url: first.ossUrl }] }),
    )
    const taskId = scanned.tasks[0]?.taskId ?? ''
    value(
      await green.imageScanFeedback({
        taskId,
        scenes: ['terrorism'],
        suggestion: 'block',
        label: 'weapon',
      }),
    )
    const again = value(await uploader.upload({ kind: 'bytes', bytes: jpeg }))
    expect(again.key).not.toBe(first.key)
    const rescanned = value(
      await green.imageSyncScan({ scenes: ['terrorism'], tasks: [{ url: again.ossUrl }] }),
    )
    expect(rescanned.tasks[0]?.status === 'done' && rescanned.tasks[0].results[0]).toMatchObject({
      label: 'weapon',
      suggestion: 'block',
    })
    const noScenes = await green.imageScanFeedback({ url: URL_A, suggestion: 'pass' })
    expect(!noScenes.ok && noScenes.error.code).toBe('VALIDATION')
  })
})

describe('connections, polling and upload edge cases', () => {
  it('keeps connections alive: ten calls, at most two sockets', async () => {
    const emu = await emulator()
    const green = client(emu)
    for (let i = 0; i < 9; i++) {
      value(await green.imageSyncScan({ scenes: ['porn'], tasks: [{ url: `${URL_A}?${i}` }] }))
    }
    value(await green.uploadCredentials())
    // undici may open a second socket while the first is finishing its response; never one each.
    expect(emu.stats.connections).toBeLessThanOrEqual(2)
    expect(green.poolSet.size).toBe(1)
  })

  it('sends a scan at once while uploads to the same origin hold every API connection', async () => {
    // OSS on Green's origin (as in the emulator), one connection per pool, a slow round trip.
    const emu = await emulator({ latencyMs: 1000 })
    const green = client(emu, { connections: 1 })
    const uploader = new OssUploader(green)
    value(await uploader.credentials())
    let uploaded = false
    const upload = uploader.upload({ kind: 'bytes', bytes: jpeg }).then((result) => {
      uploaded = true
      return result
    })
    await vi.waitFor(
      () => {
        expect(emu.stats.requests['OSS PUT']).toBe(1)
      },
      { timeout: 10_000 },
    )
    const scan = green.imageSyncScan({ scenes: ['porn'], tasks: [{ url: URL_A }] })
    // A paced request queued behind an upload would reach Green late (docs/green-api.md §4.6).
    await vi.waitFor(
      () => {
        expect(emu.stats.requests['/green/image/scan']).toBe(1)
      },
      { timeout: 10_000 },
    )
    expect(uploaded).toBe(false)
    value(await scan)
    value(await upload)
  })

  it('streams a large file, refuses one over 20 MB without a request', async () => {
    const emu = await emulator()
    const uploader = new OssUploader(client(emu))
    const big = Buffer.alloc(15 * 1024 * 1024, 7)
    jpeg.copy(big, 0, 0, 64)
    const bigPath = join(dir, 'big.jpg')
    await writeFile(bigPath, big)
    const up = value(await uploader.upload({ kind: 'file', path: bigPath }))
    expect(emu.objects.get(`${emu.uploadBucket}/${up.key}`)?.bytes.equals(big)).toBe(true)
    const hugePath = join(dir, 'huge.jpg')
    await writeFile(hugePath, Buffer.concat([big, Buffer.alloc(6 * 1024 * 1024)]))
    const huge = await uploader.upload({ kind: 'file', path: hugePath })
    expect(!huge.ok && huge.error.code).toBe('IMAGE_TOO_LARGE')
    expect(emu.ossPuts).toHaveLength(1)
  })

  it('concurrent uploads share one credentials call; cancelling one leaves the others', async () => {
    const emu = await emulator()
    emu.injectFaults({ kind: 'latency', ms: 300, path: '/green/credentials/uploadcredentials' })
    const uploader = new OssUploader(client(emu))
    const controller = new AbortController()
    const cancelled = uploader.upload({ kind: 'bytes', bytes: png }, { signal: controller.signal })
    const others = [
      uploader.upload({ kind: 'bytes', bytes: png }),
      uploader.upload({ kind: 'bytes', bytes: jpeg }),
    ]
    setTimeout(() => {
      controller.abort()
    }, 50)
    expect(await cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    const results = await Promise.all(others)
    expect(results.every((r) => r.ok)).toBe(true)
    expect(emu.stats.requests['/green/credentials/uploadcredentials']).toBe(1)
    expect(emu.ossPuts).toHaveLength(2)
  })
})
