import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNEL_NAMES } from '../../../src-shared/ipc'
import { ok } from '../../../src-shared/result'
import type { Api } from '../../core/api'
import { trustedOrigins } from '../origins'
import { registerHandlers } from './register-handlers'
import { createSenderCheck, type SenderEvent } from './trusted-sender'

// register-handlers imports ipcMain for the app entry; the tests pass their own registry.
vi.mock('electron', () => ({ ipcMain: {} }))

type Handler = (event: SenderEvent, payload?: unknown) => Promise<unknown>
type FakeEvent = Record<string, unknown>

function fakeIpc() {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    handle: (channel: string, handler: Handler) => {
      handlers.set(channel, handler)
    },
    removeHandler: (channel: string) => {
      handlers.delete(channel)
    },
  }
}

function fakeApi() {
  const page = { items: [], total: 0, revision: 7 }
  const api = {
    'app:get-info': vi.fn(),
    'settings:get': vi.fn(),
    'settings:set': vi.fn(),
    'items:list': vi.fn(() => Promise.resolve(ok(page))),
    'scan:add-paths': vi.fn(),
    'credentials:status': vi.fn(),
  }
  return { api, page }
}

function frame(url: string, overrides: Record<string, unknown> = {}) {
  return { url, parent: null, processId: 4, routingId: 1, isDestroyed: () => false, ...overrides }
}

function fakeWindow() {
  const webContents = {
    isDestroyed: () => false,
    mainFrame: frame('app://greenlight/index.html'),
  }
  return { isDestroyed: () => false, webContents }
}

function setup(devServerUrl?: string) {
  const ipc = fakeIpc()
  const { api, page } = fakeApi()
  const window = fakeWindow()
  // The fakes carry only the members the sender check reads.
  const check = createSenderCheck(() => window as never, trustedOrigins(devServerUrl))
  const unregister = registerHandlers(ipc as never, api as unknown as Api, check)
  const call = (channel: string, event: FakeEvent, payload?: unknown) => {
    const handler = ipc.handlers.get(channel)
    if (!handler) throw new Error(`no handler for ${channel}`)
    return handler(event as unknown as SenderEvent, payload)
  }
  const ours = (): FakeEvent => ({
    sender: window.webContents,
    senderFrame: frame('app://greenlight/index.html'),
  })
  return { ipc, api, page, window, call, ours, unregister }
}

describe('registerHandlers', () => {
  it('registers exactly the contract channels, and can remove them', () => {
    const { ipc, unregister } = setup()
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNEL_NAMES].sort())
    unregister()
    expect(ipc.handlers.size).toBe(0)
  })

  it("returns the handler's Result for a good call from our window", async () => {
    const { api, page, call, ours } = setup()
    const result = await call('items:list', ours(), { limit: 10 })
    expect(result).toEqual({ ok: true, value: page })
    expect(api['items:list']).toHaveBeenCalledWith({
      offset: 0,
      limit: 10,
      filter: {},
      sort: 'newest',
    })
  })

  it.each([
    ['another webContents', (o: FakeEvent) => ({ ...o, sender: { isDestroyed: () => false } })],
    [
      'a subframe',
      (o: FakeEvent) => ({
        ...o,
        senderFrame: frame('app://greenlight/index.html', { parent: {}, routingId: 9 }),
      }),
    ],
    [
      'a frame with another routing id',
      (o: FakeEvent) => ({
        ...o,
        senderFrame: frame('app://greenlight/index.html', { routingId: 9 }),
      }),
    ],
    ['a foreign origin', (o: FakeEvent) => ({ ...o, senderFrame: frame('https://evil.example/') })],
    [
      'a look-alike origin',
      (o: FakeEvent) => ({ ...o, senderFrame: frame('app://greenlight.evil.example/') }),
    ],
    ['a file:// page', (o: FakeEvent) => ({ ...o, senderFrame: frame('file:///tmp/x.html') })],
    ['a missing frame', (o: FakeEvent) => ({ ...o, senderFrame: null })],
    [
      'a destroyed frame',
      (o: FakeEvent) => ({
        ...o,
        senderFrame: frame('app://greenlight/index.html', { isDestroyed: () => true }),
      }),
    ],
    [
      'a frame that throws on access',
      (o: FakeEvent) => ({
        ...o,
        get senderFrame(): never {
          throw new Error('Render frame was disposed')
        },
      }),
    ],
  ])('refuses %s with FORBIDDEN_SENDER without calling the api', async (_name, tweak) => {
    const { api, call, ours } = setup()
    const result = await call('items:list', tweak(ours()), { limit: 10 })
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    expect(api['items:list']).not.toHaveBeenCalled()
  })

  it('refuses everyone once the window is destroyed', async () => {
    const { api, call, ours, window } = setup()
    window.isDestroyed = () => true
    const result = await call('items:list', ours(), {})
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    expect(api['items:list']).not.toHaveBeenCalled()
  })

  it('trusts the dev server origin only when configured', async () => {
    const dev = 'http://localhost:5173/'
    const plain = setup()
    const refused = await plain.call('items:list', { ...plain.ours(), senderFrame: frame(dev) }, {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    const withDev = setup('http://localhost:5173')
    const allowed = await withDev.call(
      'items:list',
      { ...withDev.ours(), senderFrame: frame(dev) },
      {},
    )
    expect(allowed).toMatchObject({ ok: true })
  })

  it.each([
    ['a wrong type', { limit: 'lots' }],
    ['an unknown key', { limit: 10, sql: 'DROP TABLE items' }],
    ['a non-object', 'items'],
  ])('answers %s with VALIDATION without calling the api', async (_name, payload) => {
    const { api, call, ours } = setup()
    const result = await call('items:list', ours(), payload)
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(api['items:list']).not.toHaveBeenCalled()
  })

  it('turns a throwing api handler into an INTERNAL Result instead of a rejection', async () => {
    const { api, call, ours } = setup()
    api['items:list'].mockImplementation(() => Promise.reject(new Error('disk on fire')))
    const result = await call('items:list', ours(), {})
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'disk on fire', retryable: false },
    })
  })
})
