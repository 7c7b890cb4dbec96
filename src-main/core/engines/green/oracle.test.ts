/**
 * Oracle tests: Alibaba's own Node packages (@alicloud/pop-core's ROAClient and ali-oss) must be
 * accepted by our emulator, and our signer must produce exactly what pop-core produces.
 */
import { createRequire } from 'node:module'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { request as undiciRequest } from 'undici'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startEmulator, type RunningEmulator } from './emulator/emulator'
import { GreenClient, GREEN_OPERATIONS } from './green-client'
import { contentMd5, roaStringToSign, signRoaRequest } from './roa-signer'

const require = createRequire(import.meta.url)

interface RoaClientLike {
  request(
    method: string,
    path: string,
    query: Record<string, string>,
    body: string,
    headers: Record<string, string>,
  ): Promise<Record<string, unknown>>
}
type RoaClientCtor = new (config: {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
  endpoint: string
  apiVersion: string
}) => RoaClientLike
interface OssLike {
  put(
    name: string,
    body: Buffer,
    options?: { headers?: Record<string, string> },
  ): Promise<{ res: { status: number } }>
}
type OssCtor = new (config: Record<string, unknown>) => OssLike

const { ROAClient } = require('@alicloud/pop-core') as { ROAClient: RoaClientCtor }
const OSS = require('ali-oss') as OssCtor
const kitx = require('kitx') as { makeNonce: () => string }
const debug = require('debug') as {
  enable(ns: string): void
  disable(): string
  log: (...args: unknown[]) => void
}

let jpeg: Buffer
const opened: { close(): Promise<void> }[] = []
beforeAll(async () => {
  jpeg = await sharp({ create: { width: 48, height: 48, channels: 3, background: '#123456' } })
    .jpeg()
    .toBuffer()
})
afterEach(async () => {
  vi.useRealTimers()
  await Promise.all(opened.splice(0).map((item) => item.close()))
})

async function emulator(): Promise<RunningEmulator> {
  const emu = await startEmulator({ port: 0 })
  opened.push(emu)
  return emu
}

function popClient(
  emu: RunningEmulator,
  credentials?: { accessKeyId: string; accessKeySecret: string; securityToken?: string },
): RoaClientLike {
  return new ROAClient({
    ...(credentials ?? { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret }),
    endpoint: emu.endpoint,
    apiVersion: '2018-05-09',
  })
}

const json = { 'content-type': 'application/json' }
const CLIENT_INFO = JSON.stringify({ ip: '127.0.0.2', userType: 'others', userNick: 'Mike' })

/** A bare HTTP server that records what a client sent and answers a Green-looking 200. */
async function captureServer(): Promise<{
  url: string
  seen: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }[]
}> {
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"code":200,"msg":"OK","requestId":"X"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  opened.push({
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve()
        }),
      ),
  })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

describe('pop-core ROAClient against the emulator', () => {
  it('calls all five operations and is accepted', async () => {
    const emu = await emulator()
    const pop = popClient(emu)
    const scan = await pop.request(
      'POST',
      GREEN_OPERATIONS.ImageSyncScan,
      { clientInfo: CLIENT_INFO },
      JSON.stringify({
        scenes: ['porn', 'logo'],
        tasks: [{ dataId: 'p1', url: 'https://example.com/a.jpg' }],
      }),
      { ...json, 'x-acs-action': 'ImageSyncScan' },
    )
    expect(scan).toMatchObject({
      code: 200,
      data: [{ code: 200, dataId: 'p1', results: [{ scene: 'porn' }, { scene: 'logo' }] }],
    })
    const submit = await pop.request(
      'POST',
      GREEN_OPERATIONS.ImageAsyncScan,
      {},
      JSON.stringify({ scenes: ['porn'], tasks: [{ url: 'https://example.com/b.jpg' }] }),
      json,
    )
    const taskId = (submit.data as { taskId: string }[])[0]!.taskId
    expect(submit.code).toBe(200)
    const results = await pop.request(
      'POST',
      GREEN_OPERATIONS.ImageAsyncScanResults,
      { ClientInfo: CLIENT_INFO, RegionId: 'cn-shanghai' },
      JSON.stringify([taskId]),
      json,
    )
    expect(results).toMatchObject({
      code: 200,
      data: [{ code: 280, msg: 'PROCESSING - queue', taskId }],
    })
    const feedback = await pop.request(
      'POST',
      GREEN_OPERATIONS.ImageScanFeedback,
      {},
      JSON.stringify({ taskId, scenes: ['porn'], suggestion: 'pass' }),
      json,
    )
    expect(feedback).toMatchObject({ code: 200, msg: 'OK' })
    expect(feedback.data).toBeUndefined()
    // pop-core sends no Content-Type unless told; the emulator must not assume one (§2.1).
    const creds = await pop.request('POST', GREEN_OPERATIONS.UploadCredentials, {}, '{}', {})
    expect(creds).toMatchObject({ code: 200, data: { uploadBucket: emu.uploadBucket } })
    expect(Object.keys(creds)).toEqual(['code', 'data', 'msg', 'requestId'])
    expect(emu.feedback).toHaveLength(1)
  })

  it('is accepted with STS credentials and refused with a wrong secret', async () => {
    const emu = await emulator()
    const sts = emu.issueStsCredentials()
    const ok = await popClient(emu, sts).request(
      'POST',
      GREEN_OPERATIONS.UploadCredentials,
      {},
      '{}',
      json,
    )
    expect(ok.code).toBe(200)
    const bad = popClient(emu, { accessKeyId: emu.accessKeyId, accessKeySecret: 'nope' })
    await expect(
      bad.request('POST', GREEN_OPERATIONS.UploadCredentials, {}, '{}', json),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 })
  })
})

describe('our signer equals pop-core for fixed inputs', () => {
  const cases: { name: string; query: Record<string, string>; sts: boolean }[] = [
    { name: 'plain key, clientInfo query', query: { clientInfo: CLIENT_INFO }, sts: false },
    {
      name: 'STS key, two query keys',
      query: { RegionId: 'cn-shanghai', ClientInfo: CLIENT_INFO },
      sts: true,
    },
    { name: 'no query', query: {}, sts: false },
  ]
  for (const c of cases) {
    it(c.name, async () => {
      const capture = await captureServer()
      const date = new Date('2026-03-14T06:29:50Z')
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(date)
      const nonce = 'fixed-nonce-339497c2'
      const original = kitx.makeNonce
      kitx.makeNonce = () => nonce
      const logged: unknown[][] = []
      const originalLog = debug.log
      debug.log = (...args: unknown[]) => logged.push(args)
      debug.enable('roa')
      const credentials = {
        accessKeyId: c.sts ? 'STS.tmp' : 'testid',
        accessKeySecret: 'testsecret',
        ...(c.sts ? { securityToken: 'CAIS.token' } : {}),
      }
      const body = JSON.stringify({
        scenes: ['porn'],
        tasks: [{ dataId: 'test-1', url: 'https://example.com/a.jpg' }],
      })
      try {
        await new ROAClient({
          ...credentials,
          endpoint: capture.url,
          apiVersion: '2018-05-09',
        }).request('POST', '/green/image/scan', c.query, body, {
          ...json,
          'x-acs-action': 'ImageSyncScan',
        })
      } finally {
        kitx.makeNonce = original
        debug.disable()
        debug.log = originalLog
      }
      const popStringToSign = logged
        .map((args) => args.find((a) => typeof a === 'string' && a.startsWith('POST\n')))
        .find((s) => s !== undefined)
      const ours = signRoaRequest({
        method: 'POST',
        path: '/green/image/scan',
        query: c.query,
        body,
        action: 'ImageSyncScan',
        credentials,
        date,
        nonce,
      })
      expect(popStringToSign).toBe(ours.stringToSign)
      const sent = capture.seen[0]!
      expect(sent.headers.authorization).toBe(ours.headers.authorization)
      // pop-core does not sort the URL's query; the decoded pairs must be the same.
      const pairs = (u: string) => [...new URL(u, 'http://x').searchParams].sort()
      expect(pairs(sent.url)).toEqual(pairs(ours.pathWithQuery))
      expect(sent.url.split('?')[0]).toBe(ours.pathWithQuery.split('?')[0])
      expect(sent.headers['content-md5']).toBe(contentMd5(body))
    })
  }
})

describe('tampering is rejected with SignatureDoesNotMatch', () => {
  it('replays a pop-core request: unsigned header edits pass, body or signed header edits fail', async () => {
    const capture = await captureServer()
    const emu = await emulator()
    const body = JSON.stringify({ scenes: ['porn'], tasks: [{ url: 'https://example.com/a.jpg' }] })
    await popClient(emu)
      .request('POST', '/green/image/scan', { clientInfo: CLIENT_INFO }, body, {
        ...json,
        'x-acs-action': 'ImageSyncScan',
      })
      .catch(() => undefined)
    // The emulator saw that one; capture a fresh one to replay.
    await new ROAClient({
      accessKeyId: emu.accessKeyId,
      accessKeySecret: emu.accessKeySecret,
      endpoint: capture.url,
      apiVersion: '2018-05-09',
    }).request('POST', '/green/image/scan', { clientInfo: CLIENT_INFO }, body, {
      ...json,
      'x-acs-action': 'ImageSyncScan',
    })
    const sent = capture.seen[0]!
    const headers = Object.fromEntries(
      Object.entries(sent.headers).filter(
        ([k]) => k !== 'host' && k !== 'connection' && k !== 'content-length',
      ),
    ) as Record<string, string>
    const replay = async (h: Record<string, string>, b: string) => {
      const response = await undiciRequest(`${emu.endpoint}${sent.url}`, {
        method: 'POST',
        headers: h,
        body: b,
      })
      return {
        status: response.statusCode,
        json: (await response.body.json()) as Record<string, unknown>,
      }
    }
    const fine = await replay(
      { ...headers, 'user-agent': 'edited, unsigned' },
      sent.body.toString(),
    )
    expect(fine).toMatchObject({ status: 200, json: { code: 200 } })

    const tamperedBody = body.replace('a.jpg', 'b.jpg')
    const bodyOnly = await replay(headers, tamperedBody)
    expect(bodyOnly).toMatchObject({ status: 400, json: { Code: 'SignatureDoesNotMatch' } })
    const bodyAndMd5 = await replay(
      { ...headers, 'content-md5': contentMd5(tamperedBody) },
      tamperedBody,
    )
    expect(bodyAndMd5).toMatchObject({ status: 400, json: { Code: 'SignatureDoesNotMatch' } })
    const header = await replay(
      { ...headers, 'x-acs-action': 'ImageAsyncScan' },
      sent.body.toString(),
    )
    expect(header.json.Code).toBe('SignatureDoesNotMatch')
    const expected = roaStringToSign({
      method: 'POST',
      path: '/green/image/scan',
      query: { clientInfo: CLIENT_INFO },
      headers: { ...headers, 'x-acs-action': 'ImageAsyncScan' },
    })
    expect(header.json.Message).toBe(
      `Specified signature is not matched with our calculation. server string to sign is:${expected}`,
    )
    expect(Object.keys(header.json)).toEqual([
      'Code',
      'HostId',
      'Message',
      'Recommend',
      'RequestId',
    ])
    const query = await replay(headers, sent.body.toString()).then(() =>
      undiciRequest(`${emu.endpoint}${sent.url.replace('Mike', 'Bob')}`, {
        method: 'POST',
        headers,
        body: sent.body,
      }),
    )
    expect(((await query.body.json()) as { Code: string }).Code).toBe('SignatureDoesNotMatch')
  })
})

describe('ali-oss with stsToken against the emulator', () => {
  async function uploadCredentials(emu: RunningEmulator) {
    const answer = await popClient(emu).request(
      'POST',
      GREEN_OPERATIONS.UploadCredentials,
      {},
      '{}',
      json,
    )
    return answer.data as {
      accessKeyId: string
      accessKeySecret: string
      securityToken: string
      uploadBucket: string
      uploadFolder: string
      ossEndpoint: string
    }
  }

  for (const sldEnable of [false, true]) {
    it(`uploads with the bucket in the ${sldEnable ? 'path (sldEnable)' : 'Host header (default)'}, and the object scans`, async () => {
      const emu = await emulator()
      const c = await uploadCredentials(emu)
      const oss = new OSS({
        accessKeyId: c.accessKeyId,
        accessKeySecret: c.accessKeySecret,
        stsToken: c.securityToken,
        bucket: c.uploadBucket,
        endpoint: c.ossEndpoint,
        sldEnable,
        timeout: 10_000,
      })
      const key = `${c.uploadFolder}/images/oracle-${String(sldEnable)}.jpg`
      const put = await oss.put(key, jpeg, { headers: { 'Content-Type': 'image/jpeg' } })
      expect(put.res.status).toBe(200)
      expect(emu.ossPuts[0]).toMatchObject({
        key,
        style: sldEnable ? 'path' : 'virtual',
        dateHeader: 'x-oss-date',
      })
      expect(emu.objects.get(`${c.uploadBucket}/${key}`)?.bytes.equals(jpeg)).toBe(true)
      const green = GreenClient.create({
        endpoint: emu.endpoint,
        credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
      })
      if (!green.ok) throw new Error(green.error.message)
      opened.push(green.value)
      const scan = await green.value.imageSyncScan({
        scenes: ['porn'],
        tasks: [{ url: `oss://${c.uploadBucket}/${key}` }],
      })
      expect(scan.ok && scan.value.tasks[0]?.status).toBe('done')
    })
  }

  it('an object that is not an image scans as 590 BAD_FORMAT', async () => {
    const emu = await emulator()
    const c = await uploadCredentials(emu)
    const oss = new OSS({
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      stsToken: c.securityToken,
      bucket: c.uploadBucket,
      endpoint: c.ossEndpoint,
      timeout: 10_000,
    })
    const key = `${c.uploadFolder}/images/notes.jpg`
    await oss.put(key, Buffer.from('just some text, named .jpg'))
    const answer = await popClient(emu).request(
      'POST',
      GREEN_OPERATIONS.ImageSyncScan,
      {},
      JSON.stringify({ scenes: ['porn'], tasks: [{ url: `oss://${c.uploadBucket}/${key}` }] }),
      json,
    )
    expect(answer).toMatchObject({ code: 200, data: [{ code: 590, msg: 'BAD_FORMAT' }] })
  })

  it('is refused with a wrong secret, a wrong token or an expired token', async () => {
    const emu = await emulator()
    const c = await uploadCredentials(emu)
    const put = (over: Record<string, unknown>) =>
      new OSS({
        accessKeyId: c.accessKeyId,
        accessKeySecret: c.accessKeySecret,
        stsToken: c.securityToken,
        bucket: c.uploadBucket,
        endpoint: c.ossEndpoint,
        sldEnable: true,
        timeout: 10_000,
        ...over,
      }).put(`${c.uploadFolder}/images/x.jpg`, jpeg)
    await expect(put({ accessKeySecret: 'wrong' })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
    })
    await expect(put({ stsToken: 'forged' })).rejects.toMatchObject({
      code: 'InvalidSecurityToken',
      status: 403,
    })
    emu.expireUploadCredentials()
    await expect(put({})).rejects.toMatchObject({ code: 'SecurityTokenExpired', status: 403 })
    expect(emu.objects.size).toBe(0)
  })
})
