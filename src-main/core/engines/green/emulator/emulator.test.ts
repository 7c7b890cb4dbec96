import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { SCENES } from '../../../../../src-shared/domain'
import { contentMd5, hmacSha1Base64, roaStringToSign, signRoaRequest } from '../roa-signer'
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator'
import { deriveSceneResult, SCENE_LABELS } from './verdicts'

const opened: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()))
})

async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ port: 0, ...options })
  opened.push(emu)
  return emu
}

interface PostOptions {
  readonly date?: Date
  readonly nonce?: string
  readonly headers?: Record<string, string | undefined>
  readonly secret?: string
  readonly sentBody?: string
  /** Headers left out BEFORE signing (an SDK that never sends them). */
  readonly omit?: readonly string[]
}

/** A request signed by our signer, optionally edited after signing. */
async function post(
  emu: RunningEmulator,
  path: string,
  payload: unknown,
  options: PostOptions = {},
) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  const signed = signRoaRequest({
    method: 'POST',
    path,
    body,
    action: 'Test',
    credentials: {
      accessKeyId: emu.accessKeyId,
      accessKeySecret: options.secret ?? emu.accessKeySecret,
    },
    date: options.date ?? new Date(),
    nonce: options.nonce ?? randomUUID(),
  })
  const headers: Record<string, string> = { ...signed.headers }
  if (options.omit !== undefined) {
    // Re-signed: the edits and omissions are what the client really sent.
    for (const name of options.omit) Reflect.deleteProperty(headers, name)
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined) headers[name] = value
    }
    const sts = roaStringToSign({
      method: 'POST',
      path,
      headers: { ...headers, authorization: undefined },
    })
    headers.authorization = `acs ${emu.accessKeyId}:${hmacSha1Base64(options.secret ?? emu.accessKeySecret, sts)}`
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) Reflect.deleteProperty(headers, name)
    else headers[name] = value
  }
  const response = await request(`${emu.endpoint}${signed.pathWithQuery}`, {
    method: 'POST',
    headers,
    body: options.sentBody ?? body,
  })
  const text = await response.body.text()
  return { status: response.statusCode, text, json: JSON.parse(text) as Record<string, unknown> }
}

const scan = (n: number, prefix = 'https://example.com/') => ({
  scenes: ['porn'],
  tasks: Array.from({ length: n }, (_, i) => ({ dataId: `d${i}`, url: `${prefix}${i}.jpg` })),
})

describe('emulator request checks (docs/green-api.md §2.4, §10.2)', () => {
  it('answers with keys in alphabetical order at every level', async () => {
    const emu = await emulator()
    const r = await post(emu, '/green/image/scan', scan(1))
    expect(
      r.text.startsWith(
        '{"code":200,"data":[{"code":200,"dataId":"d0","extras":{},"msg":"OK","results":[{',
      ),
    ).toBe(true)
    expect(r.text).toMatch(/"requestId":"[0-9A-F-]{36}"}$/)
  })

  it('accepts any Content-Type and no Content-MD5, since SDKs differ', async () => {
    const emu = await emulator()
    const without = [
      'content-md5',
      'content-type',
      'x-acs-action',
      'x-acs-signature-nonce',
      'accept',
    ]
    const bare = await post(emu, '/green/image/scan', scan(1), { omit: without })
    expect(bare.json.code, bare.text).toBe(200)
    const octet = { headers: { 'content-type': 'application/octet-stream' }, omit: [] }
    expect((await post(emu, '/green/image/scan', scan(1), octet)).json.code).toBe(200)
    // Changing a signed header after signing is caught.
    const edited = { headers: { 'content-type': 'application/octet-stream' } }
    expect((await post(emu, '/green/image/scan', scan(1), edited)).json.Code).toBe(
      'SignatureDoesNotMatch',
    )
  })

  it('refuses a Date more than 15 minutes off, and a missing Date', async () => {
    const emu = await emulator()
    const stale = await post(emu, '/green/image/scan', scan(1), {
      date: new Date(Date.now() - 16 * 60_000),
    })
    expect(stale).toMatchObject({ status: 400, json: { Code: 'InvalidTimeStamp.Expired' } })
    const fine = await post(emu, '/green/image/scan', scan(1), {
      date: new Date(Date.now() - 14 * 60_000),
    })
    expect(fine.json.code).toBe(200)
    const none = await post(emu, '/green/image/scan', scan(1), { headers: { date: undefined } })
    expect(none.json.Code).toBe('InvalidTimeStamp.Format')
  })

  it('checks Content-MD5 against the body received', async () => {
    const emu = await emulator()
    const r = await post(emu, '/green/image/scan', scan(1), { sentBody: JSON.stringify(scan(2)) })
    expect(r.json.Code).toBe('SignatureDoesNotMatch')
    expect(String(r.json.Message)).toContain('content md5')
  })

  it('refuses a reused nonce, a wrong x-acs-version, an unknown key and a bad Authorization', async () => {
    const emu = await emulator()
    expect((await post(emu, '/green/image/scan', scan(1), { nonce: 'same' })).json.code).toBe(200)
    expect((await post(emu, '/green/image/scan', scan(1), { nonce: 'same' })).json.Code).toBe(
      'SignatureNonceUsed',
    )
    expect(
      (
        await post(emu, '/green/image/scan', scan(1), {
          headers: { 'x-acs-version': '2017-01-12' },
        })
      ).json.Code,
    ).toBe('InvalidAction.NotFound')
    const unknown = await post(emu, '/green/image/scan', scan(1), {
      headers: { authorization: 'acs LTAIx:abc' },
    })
    expect(unknown).toMatchObject({ status: 404, json: { Code: 'InvalidAccessKeyId.NotFound' } })
    expect(
      (await post(emu, '/green/image/scan', scan(1), { headers: { authorization: 'Bearer x' } }))
        .json.Code,
    ).toBe('IncompleteSignature')
  })

  it("decodes the query like a form (Java's URLEncoder writes spaces as +)", async () => {
    const emu = await emulator()
    const body = JSON.stringify(scan(1))
    const query = { ClientInfo: '{"userNick":"Mike Smith"}', RegionId: 'cn-shanghai' }
    const signed = signRoaRequest({
      method: 'POST',
      path: '/green/image/scan',
      query,
      body,
      credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
      date: new Date(),
      nonce: randomUUID(),
    })
    const javaStyle = signed.pathWithQuery.replace('%20', '+')
    expect(javaStyle).toContain('Mike+Smith')
    const r = await request(`${emu.endpoint}${javaStyle}`, {
      method: 'POST',
      headers: signed.headers,
      body,
    })
    expect(((await r.body.json()) as { code: number }).code).toBe(200)
  })

  it('404s unknown paths in the POP form', async () => {
    const emu = await emulator()
    const r = await post(emu, '/green/image/scan/feedback', {})
    expect(r).toMatchObject({ status: 404, json: { Code: 'InvalidAction.NotFound' } })
  })
})

describe('emulator scan body rules (§3, §10.3)', () => {
  it('enforces 1..100 tasks, unique dataIds, known scenes, URL form and seed with callback', async () => {
    const emu = await emulator({ qps: 0 })
    expect((await post(emu, '/green/image/scan', scan(100))).json.code).toBe(200)
    const bad = [
      scan(101),
      { scenes: ['porn'], tasks: [] },
      { scenes: [], tasks: [{ url: 'https://e.com/a.jpg' }] },
      { scenes: ['ocr-nope'], tasks: [{ url: 'https://e.com/a.jpg' }] },
      {
        scenes: ['porn'],
        tasks: [
          { dataId: 'x', url: 'https://e.com/a' },
          { dataId: 'x', url: 'https://e.com/b' },
        ],
      },
      { scenes: ['porn'], tasks: [{ url: 'ftp://e.com/a.jpg' }] },
      { scenes: ['porn'], tasks: [{ url: `https://e.com/${'a'.repeat(2050)}` }] },
    ]
    for (const body of bad) {
      const r = await post(emu, '/green/image/scan', body)
      expect(r.status).toBe(200)
      expect(r.json.code, JSON.stringify(body).slice(0, 80)).toBe(400)
    }
    const asyncNoSeed = await post(emu, '/green/image/asyncscan', {
      ...scan(1),
      callback: 'http://127.0.0.1:1/cb',
    })
    expect(asyncNoSeed.json.code).toBe(400)
  })

  it('accepts tasks as one object and scenes as a string (§3.1 leniency)', async () => {
    const emu = await emulator()
    const r = await post(emu, '/green/image/scan', {
      scenes: 'porn',
      tasks: { url: 'https://e.com/a.jpg' },
    })
    expect(r.json.code).toBe(200)
    expect(r.json.data).toHaveLength(1)
  })

  it('mirrors business codes into the HTTP status when configured', async () => {
    const emu = await emulator({ businessErrorStatus: 'same-as-code' })
    const r = await post(emu, '/green/image/scan', { scenes: [], tasks: [] })
    expect(r).toMatchObject({ status: 400, json: { code: 400 } })
  })
})

describe('emulator QPS (§4.6: images per second per AccessKey)', () => {
  it('counts images, not requests, and throttles with 588', async () => {
    const frozen = Date.now()
    const emu = await emulator({ qps: 5, clock: () => frozen })
    expect((await post(emu, '/green/image/scan', scan(3))).json.code).toBe(200)
    expect((await post(emu, '/green/image/scan', scan(3))).json).toMatchObject({
      code: 588,
      msg: 'EXCEED_QUOTA',
    })
    expect((await post(emu, '/green/image/scan', scan(2))).json.code).toBe(200)
    expect((await post(emu, '/green/image/asyncscan', scan(1))).json.code).toBe(588)
    // Other keys have their own budget.
    const sts = emu.issueStsCredentials()
    const other = signRoaRequest({
      method: 'POST',
      path: '/green/image/scan',
      body: JSON.stringify(scan(5)),
      credentials: sts,
      date: new Date(),
      nonce: randomUUID(),
    })
    const r = await request(`${emu.endpoint}/green/image/scan`, {
      method: 'POST',
      headers: other.headers,
      body: JSON.stringify(scan(5)),
    })
    expect(((await r.body.json()) as { code: number }).code).toBe(200)
  })

  it('limits feedback per request (20/s by default)', async () => {
    const frozen = Date.now()
    const emu = await emulator({ feedbackQps: 2, clock: () => frozen })
    const codes = []
    for (let i = 0; i < 3; i++)
      codes.push(
        (await post(emu, '/green/image/feedback', { url: 'https://e.com/a.jpg' })).json.code,
      )
    expect(codes).toEqual([200, 200, 588])
  })
})

describe('emulator faults', () => {
  it('a fault rate of 1 always injects one of: 500, dropped connection, per-task 592', async () => {
    let i = 0
    const sequence = [0.0, 0.1, 0.0, 0.5, 0.0, 0.9]
    const emu = await emulator({ faultRate: 1, random: () => sequence[i++ % sequence.length] ?? 0 })
    const a = await post(emu, '/green/image/scan', scan(1))
    expect(a).toMatchObject({ status: 500, json: { code: 500 } })
    await expect(post(emu, '/green/image/scan', scan(1))).rejects.toThrow()
    const c = await post(emu, '/green/image/scan', scan(1))
    expect(c.json).toMatchObject({ code: 200, data: [{ code: 592, msg: 'DOWNLOAD_TIMEOUT' }] })
    expect(emu.stats.faultsInjected).toBe(3)
  })

  it('injected POP errors and path-scoped faults apply once', async () => {
    const emu = await emulator()
    emu.injectFaults({
      kind: 'pop',
      code: 'Throttling.User',
      status: 503,
      path: '/green/image/results',
    })
    expect((await post(emu, '/green/image/scan', scan(1))).json.code).toBe(200)
    expect((await post(emu, '/green/image/results', ['imgX'])).json.Code).toBe('Throttling.User')
    expect((await post(emu, '/green/image/results', ['imgX'])).json.code).toBe(200)
  })
})

describe('emulator async callbacks (§6)', () => {
  it('retries a failing callback receiver until it answers 200', async () => {
    let calls = 0
    const server = createServer((_req, res) => {
      calls++
      res.statusCode = calls < 3 ? 500 : 200
      res.end()
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
    const emu = await emulator({ asyncDelayMs: 10_000, callbackRetryBaseMs: 5 })
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`
    await post(emu, '/green/image/asyncscan', {
      ...scan(1),
      callback: url,
      seed: 'abc',
      cryptType: 'SM3',
    })
    emu.completeAsyncTasks()
    for (let i = 0; i < 200 && emu.callbacks[0]?.status !== 'delivered'; i++)
      await new Promise((r) => setTimeout(r, 10))
    expect(emu.callbacks[0]).toMatchObject({ status: 'delivered', attempts: 3 })
    expect(emu.callbacks[0]?.checksum).toMatch(/^[0-9a-f]{64}$/)
  })

  it('never calls a non-loopback callback host', async () => {
    const emu = await emulator({ asyncDelayMs: 10_000 })
    await post(emu, '/green/image/asyncscan', {
      ...scan(1),
      callback: 'https://callback.example.com/x',
      seed: 's',
    })
    emu.completeAsyncTasks()
    await new Promise((r) => setTimeout(r, 20))
    expect(emu.callbacks[0]?.status).toBe('skipped')
  })
})

describe('emulator OSS endpoint', () => {
  it('rejects a key outside uploadFolder and a bad signature, in OSS XML', async () => {
    const emu = await emulator()
    const creds = (await post(emu, '/green/credentials/uploadcredentials', {})).json.data as Record<
      string,
      string
    >
    const { ossSignature, ossStringToSign } = await import('../oss-signer')
    const put = async (key: string, secret: string) => {
      const headers: Record<string, string> = {
        date: new Date().toUTCString(),
        'content-type': 'image/png',
        'x-oss-security-token': creds.securityToken ?? '',
      }
      const sts = ossStringToSign({ method: 'PUT', bucket: emu.uploadBucket, key, headers })
      headers.authorization = `OSS ${creds.accessKeyId ?? ''}:${ossSignature(secret, sts)}`
      const r = await request(`${emu.endpoint}/${emu.uploadBucket}/${key}`, {
        method: 'PUT',
        headers,
        body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]),
      })
      return { status: r.statusCode, text: await r.body.text() }
    }
    expect((await put('elsewhere/images/a.png', creds.accessKeySecret ?? '')).text).toContain(
      '<Code>AccessDenied</Code>',
    )
    const bad = await put(`${creds.uploadFolder ?? ''}/images/a.png`, 'wrong')
    expect(bad.status).toBe(403)
    expect(bad.text).toContain('<Code>SignatureDoesNotMatch</Code>')
    expect(bad.text).toContain('<StringToSign>PUT')
    expect(
      (await put(`${creds.uploadFolder ?? ''}/images/a.png`, creds.accessKeySecret ?? '')).status,
    ).toBe(200)
    expect(contentMd5('')).toBe('1B2M2Y8AsgTpgAmY7PhCfg==')
  })
})

describe('emulator latency (the network round trip)', () => {
  it('delays uploads too, not only ROA calls', async () => {
    const fast = await emulator()
    const slow = await emulator({ latencyMs: 600_000 })
    // An unsigned PUT: answered 403 at once without latency, so only the latency can hold it.
    const put = (emu: RunningEmulator) =>
      request(`${emu.endpoint}/${emu.uploadBucket}/x/images/a.png`, {
        method: 'PUT',
        body: Buffer.from([1, 2, 3]),
      }).then(async (r) => {
        await r.body.text()
        return r.statusCode
      })
    let slowAnswered = false
    void put(slow)
      .then(() => {
        slowAnswered = true
      })
      .catch(() => undefined)
    expect(await put(fast)).toBe(403)
    while (slow.stats.requests['OSS PUT'] !== 1) await new Promise((r) => setTimeout(r, 5))
    await new Promise((r) => setTimeout(r, 100))
    expect(slowAnswered).toBe(false)
  })
})

describe('emulator memory bounds', () => {
  it('drops the oldest uploads beyond maxStoredBytes; their oss:// URLs then fail per task', async () => {
    const emu = await emulator({ maxStoredBytes: 25 })
    const creds = (await post(emu, '/green/credentials/uploadcredentials', {})).json.data as Record<
      string,
      string
    >
    const { ossSignature, ossStringToSign } = await import('../oss-signer')
    const put = async (key: string) => {
      const headers: Record<string, string> = {
        date: new Date().toUTCString(),
        'x-oss-security-token': creds.securityToken ?? '',
      }
      headers.authorization = `OSS ${creds.accessKeyId ?? ''}:${ossSignature(creds.accessKeySecret ?? '', ossStringToSign({ method: 'PUT', bucket: emu.uploadBucket, key, headers }))}`
      const bytes = Buffer.alloc(10, 0)
      Buffer.from([0xff, 0xd8, 0xff]).copy(bytes)
      const r = await request(`${emu.endpoint}/${emu.uploadBucket}/${key}`, {
        method: 'PUT',
        headers,
        body: bytes,
      })
      await r.body.dump()
      return r.statusCode
    }
    const folder = creds.uploadFolder ?? ''
    for (const name of ['a', 'b', 'c']) expect(await put(`${folder}/images/${name}.jpg`)).toBe(200)
    expect([...emu.objects.keys()].map((k) => k.split('/').pop())).toEqual(['b.jpg', 'c.jpg'])
    const r = await post(emu, '/green/image/scan', {
      scenes: ['porn'],
      tasks: [
        { url: `oss://${emu.uploadBucket}/${folder}/images/a.jpg` },
        { url: `oss://${emu.uploadBucket}/${folder}/images/c.jpg` },
      ],
    })
    expect((r.json.data as { code: number }[]).map((t) => t.code)).toEqual([404, 200])
  })
})

describe('deterministic verdicts (§4.4)', () => {
  it('reach every label of every scene, and repeat for the same image', () => {
    for (const scene of SCENES) {
      const seen = new Set<string>()
      for (let i = 0; i < 3000; i++)
        seen.add(deriveSceneResult(`url:https://e.com/${i}`, scene, 1, 'http://x').label)
      expect([...seen].sort(), scene).toEqual([...SCENE_LABELS[scene]].sort())
    }
    const a = deriveSceneResult('sha256:abc', 'ad', 1, 'http://x')
    expect(deriveSceneResult('sha256:abc', 'ad', 1, 'http://x')).toEqual(a)
  })

  it('attach the extras a label implies', () => {
    const find = (scene: (typeof SCENES)[number], label: string) => {
      for (let i = 0; i < 5000; i++) {
        const r = deriveSceneResult(`url:${i}`, scene, 3, 'http://x/frames')
        if (r.label === label) return r
      }
      throw new Error(`no ${label}`)
    }
    expect(find('qrcode', 'qrcode').qrcodeData).toHaveLength(1)
    expect(find('qrcode', 'programCode').programCodeData).toHaveLength(1)
    expect(find('logo', 'TV').logoData?.[0]?.type).toBe('TV')
    expect(find('ad', 'ad').hintWordsInfo).toHaveLength(1)
    expect(find('terrorism', 'politics').sfaceData?.[0]?.faces).toHaveLength(1)
    expect(find('porn', 'porn').frames).toHaveLength(3)
    expect(find('porn', 'normal')).toMatchObject({ suggestion: 'pass' })
  })
})
