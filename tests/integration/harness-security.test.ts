import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startHarness, type Harness } from '../harness/server'

let harness: Harness

beforeAll(async () => {
  harness = await startHarness({ env: {} })
})

afterAll(async () => {
  await harness.close()
})

function connect(options: {
  token?: string
  origin?: string
  host?: string
}): Promise<'open' | number> {
  const port = new URL(harness.origin).port
  const url = `ws://127.0.0.1:${port}/__harness/bridge?token=${options.token ?? harness.token}`
  return new Promise((resolve) => {
    const socket = new WebSocket(url, {
      origin: options.origin ?? harness.origin,
      headers: options.host ? { Host: options.host } : {},
    })
    socket.on('open', () => {
      socket.close()
      resolve('open')
    })
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
    })
    socket.on('error', () => {
      resolve(-1)
    })
  })
}

function get(path: string, host?: string): Promise<number> {
  const port = Number(new URL(harness.origin).port)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: host ? { Host: host } : {} },
      (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('harness guards', () => {
  it('accepts its own page with the token', async () => {
    expect(await connect({})).toBe('open')
  })

  it('refuses a wrong token, a foreign Origin, and a foreign Host', async () => {
    expect(await connect({ token: 'f'.repeat(48) })).toBe(403)
    expect(await connect({ token: '' })).toBe(403)
    expect(await connect({ origin: 'https://evil.example' })).toBe(403)
    expect(await connect({ host: 'evil.example' })).toBe(403)
  })

  it('refuses HTTP with a rebinding Host and paths outside the renderer', async () => {
    expect(await get('/', 'attacker.example:80')).toBe(403)
    expect(await get('/')).toBe(200)
    // URL parsing folds encoded dot segments back into the root: the repo's package.json, two
    // levels up, is never reached (it does not exist inside out/renderer, hence 404).
    expect(await get('/%2e%2e/%2e%2e/package.json')).toBe(404)
    expect(await get('/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json')).toBe(403)
    expect(await get('/__harness/thumb/abc?token=wrong')).toBe(401)
  })

  it('answers a call over the socket with a Result, and a malformed payload with VALIDATION', async () => {
    const port = new URL(harness.origin).port
    const socket = new WebSocket(`ws://127.0.0.1:${port}/__harness/bridge?token=${harness.token}`, {
      origin: harness.origin,
    })
    await new Promise((r) => socket.once('open', r))
    const replies = new Map<number, unknown>()
    socket.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as {
        id?: number
        result?: unknown
      }
      if (message.id !== undefined) replies.set(message.id, message.result)
    })
    socket.send(JSON.stringify({ id: 1, channel: 'app:get-info' }))
    socket.send(JSON.stringify({ id: 2, channel: 'items:list', payload: { limit: -1 } }))
    socket.send('not json')
    await expect.poll(() => replies.size).toBe(2)
    expect(replies.get(1)).toMatchObject({
      ok: true,
      value: { host: 'harness', defaultEngine: 'local' },
    })
    expect(replies.get(2)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    socket.close()
  })
})
