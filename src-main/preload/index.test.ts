import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  EVENT_CHANNEL_NAMES,
  INVOKE_CHANNEL_NAMES,
  type GreenlightBridge,
} from '../../src-shared/ipc'

type Listener = (event: unknown, payload: unknown) => void

const exposed = new Map<string, unknown>()
const listeners = new Map<string, Set<Listener>>()
const invoke = vi.fn((_channel: string, _payload?: unknown) =>
  Promise.resolve<unknown>({ ok: true, value: 'from main' }),
)

vi.mock('electron', () => ({
  webUtils: {
    getPathForFile: (file: unknown) => {
      if (typeof file === 'object' && file !== null && 'fakePath' in file)
        return String(file.fakePath)
      throw new TypeError('Expected a File')
    },
  },
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed.set(key, api)
    },
  },
  ipcRenderer: {
    invoke: (channel: string, payload?: unknown) => invoke(channel, payload),
    on: (channel: string, listener: Listener) => {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
    },
    removeListener: (channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener)
    },
  },
}))

await import('./index')
const bridge = exposed.get('greenlight') as GreenlightBridge
// The renderer can call anything at run time; these tests play an untrusted page.
const loose = bridge as unknown as {
  invoke: (channel: unknown, payload?: unknown) => Promise<unknown>
  on: (event: unknown, listener: unknown) => () => void
}

function emit(channel: string, payload: unknown) {
  for (const listener of listeners.get(channel) ?? []) listener({ sender: 'ipcRenderer' }, payload)
}

beforeEach(() => {
  invoke.mockClear()
})

describe('preload bridge', () => {
  it('exposes only `greenlight`, with invoke, on, thumbnailUrl and pathForFile', () => {
    expect([...exposed.keys()]).toEqual(['greenlight'])
    expect(Object.keys(bridge).sort()).toEqual([
      'invoke',
      'on',
      'pathForFile',
      'previewUrl',
      'thumbnailUrl',
    ])
  })

  it('forwards every contract channel to main', async () => {
    for (const channel of INVOKE_CHANNEL_NAMES) {
      await expect(loose.invoke(channel, { x: 1 })).resolves.toEqual({
        ok: true,
        value: 'from main',
      })
      expect(invoke).toHaveBeenLastCalledWith(channel, { x: 1 })
    }
  })

  it.each(['shell:open', 'items:list ', '__proto__', 'constructor', 42, null])(
    'answers %j with UNKNOWN_CHANNEL and sends nothing',
    async (channel) => {
      await expect(loose.invoke(channel, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      })
      expect(invoke).not.toHaveBeenCalled()
    },
  )

  it('turns a rejected invoke into a Result', async () => {
    invoke.mockImplementationOnce(() => Promise.reject(new Error('No handler registered')))
    await expect(loose.invoke('items:list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: 'No handler registered' },
    })
  })

  it('hands event listeners the payload only, and unsubscribes', () => {
    for (const event of EVENT_CHANNEL_NAMES) {
      const seen: unknown[][] = []
      const off = loose.on(event, (...args: unknown[]) => seen.push(args))
      emit(event, { revision: 1 })
      off()
      emit(event, { revision: 2 })
      expect(seen).toEqual([[{ revision: 1 }]])
    }
  })

  it('does not subscribe to events outside the contract', () => {
    const listener = vi.fn()
    const off = loose.on('ipc:internal', listener)
    expect(listeners.has('ipc:internal')).toBe(false)
    emit('ipc:internal', 'secret')
    expect(listener).not.toHaveBeenCalled()
    expect(off).not.toThrow()
  })

  it('builds thumb:// URLs only from sha256 ids', () => {
    const id = 'AB'.repeat(32)
    expect(bridge.thumbnailUrl(id)).toBe(`thumb://img/${id.toLowerCase()}`)
    expect(bridge.thumbnailUrl('../../etc/passwd')).toBe('thumb://img/invalid')
    expect(bridge.previewUrl(id, 'preview')).toBe(`thumb://preview/${id.toLowerCase()}`)
    expect(bridge.previewUrl(id, 'full', 3)).toBe(`thumb://full/${id.toLowerCase()}?frame=3`)
    expect(bridge.previewUrl('../x', 'full', 1.5)).toBe('thumb://full/invalid')
  })

  it('gives dropped files their path, and null for anything that is not a File', () => {
    expect(bridge.pathForFile({ fakePath: '/home/me/猫.jpg' })).toBe('/home/me/猫.jpg')
    expect(bridge.pathForFile({ fakePath: '' })).toBeNull()
    expect(bridge.pathForFile('/etc/passwd')).toBeNull()
  })
})
