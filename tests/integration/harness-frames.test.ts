import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startHarness, type Harness } from '../harness/server'
import { MAX_FRAME_BYTES } from '../harness/protocol'

let harness: Harness

beforeAll(async () => {
  harness = await startHarness({ env: {} })
})

afterAll(async () => {
  await harness.close()
})

/** A bridge socket to the harness, with the replies it receives by id and how it closed. */
async function open() {
  const port = new URL(harness.origin).port
  const socket = new WebSocket(`ws://127.0.0.1:${port}/__harness/bridge?token=${harness.token}`, {
    origin: harness.origin,
  })
  const replies = new Map<number, unknown>()
  const closed = new Promise<number>((resolve) =>
    socket.on('close', (code) => {
      resolve(code)
    }),
  )
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown }
    if (typeof message.id === 'number') replies.set(message.id, message.result)
  })
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  const call = async (id: number, text: string) => {
    socket.send(text)
    await expect.poll(() => replies.has(id), { timeout: 60_000 }).toBe(true)
    return replies.get(id)
  }
  return { socket, call, closed }
}

/** `scan:add-paths` for `count` copies of a long missing path, as the bridge would frame it. */
function addPathsFrame(id: number, count: number): string {
  const path = `/nowhere/${'x'.repeat(170)}.jpg`
  return JSON.stringify({
    id,
    channel: 'scan:add-paths',
    payload: { paths: Array(count).fill(path) },
  })
}

describe('harness socket and large frames', () => {
  it('a 17 MiB frame gets an error reply, and the harness and the socket stay up', async () => {
    const { call } = await open()
    const frame = addPathsFrame(1, 100_000)
    expect(frame.length).toBeGreaterThan(17 * 2 ** 20)
    expect(await call(1, frame)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/MiB/) as unknown },
    })
    expect(await call(2, JSON.stringify({ id: 2, channel: 'app:get-info' }))).toMatchObject({
      ok: true,
      value: { host: 'harness' },
    })
  })

  it('a frame over the hard limit closes that socket only: the harness keeps answering', async () => {
    const { socket, closed } = await open()
    socket.send(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20))
    expect(await closed).toBe(1009)
    const again = await open()
    expect(await again.call(3, JSON.stringify({ id: 3, channel: 'progress:get' }))).toMatchObject({
      ok: true,
    })
  })
})
