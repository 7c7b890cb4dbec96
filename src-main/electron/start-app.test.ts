import { EventEmitter } from 'node:events'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openStore } from '../core/store/open-store'

type Handler = (event: unknown, payload?: unknown) => Promise<unknown>

/** A stand-in for the parts of Electron start-app touches, rebuilt for every test. */
function makeElectron(userData: string, lock = true) {
  const log: string[] = []
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    requestSingleInstanceLock: vi.fn(() => lock),
    quit: vi.fn(() => log.push('quit')),
    exit: vi.fn((code: number) => log.push(`exit ${String(code)}`)),
    enableSandbox: vi.fn(() => log.push('enableSandbox')),
    whenReady: vi.fn(() => {
      log.push('whenReady')
      return Promise.resolve()
    }),
    getPath: vi.fn(() => userData),
  })
  const windows: FakeWindow[] = []
  class FakeWindow extends EventEmitter {
    static getAllWindows = () => windows
    destroyed = false
    loaded: string[] = []
    show = vi.fn()
    focus = vi.fn()
    restore = vi.fn()
    isMinimized = () => false
    isDestroyed = () => this.destroyed
    webContents = {
      isDestroyed: () => this.destroyed,
      mainFrame: { processId: 3, routingId: 1, url: 'app://greenlight/index.html' },
      send: vi.fn(),
    }
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      super()
      windows.push(this)
    }
    loadURL(url: string) {
      this.loaded.push(url)
      return Promise.resolve()
    }
  }
  const handlers = new Map<string, Handler>()
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>()
  return {
    log,
    windows,
    handlers,
    protocolHandlers,
    module: {
      app,
      BrowserWindow: FakeWindow,
      dialog: {
        showErrorBox: vi.fn(),
        showMessageBox: vi.fn(() => Promise.resolve({ response: 0 })),
      },
      shell: { openExternal: vi.fn(() => Promise.resolve()) },
      session: {
        defaultSession: {
          setPermissionRequestHandler: vi.fn(),
          setPermissionCheckHandler: vi.fn(),
          setDevicePermissionHandler: vi.fn(),
        },
      },
      protocol: {
        registerSchemesAsPrivileged: vi.fn(() => log.push('registerSchemes')),
        handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
          protocolHandlers.set(scheme, handler)
        }),
      },
      ipcMain: {
        handle: vi.fn((channel: string, handler: Handler) => handlers.set(channel, handler)),
        removeHandler: vi.fn(),
      },
      Notification: Object.assign(
        vi.fn(() => ({ show: vi.fn() })),
        { isSupported: () => false },
      ),
    },
  }
}

let current: ReturnType<typeof makeElectron>
vi.mock('electron', () => ({
  get app() {
    return current.module.app
  },
  get BrowserWindow() {
    return current.module.BrowserWindow
  },
  get dialog() {
    return current.module.dialog
  },
  get shell() {
    return current.module.shell
  },
  get session() {
    return current.module.session
  },
  get protocol() {
    return current.module.protocol
  },
  get ipcMain() {
    return current.module.ipcMain
  },
  get Notification() {
    return current.module.Notification
  },
}))

const { startApp } = await import('./start-app')
const MAIN_URL = 'file:///opt/greenlight/out/main/index.js'
let dataDir: string

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'greenlight-start-'))
  // An explicit GREENLIGHT_HOME would win over userData; these tests need userData.
  vi.stubEnv('GREENLIGHT_HOME', '')
})

afterEach(async () => {
  vi.unstubAllEnvs()
  await rm(dataDir, { recursive: true, force: true })
})

describe('startApp', () => {
  it('quits a second instance before registering anything', async () => {
    current = makeElectron(dataDir, false)
    await expect(startApp(MAIN_URL)).resolves.toBe('second-instance')
    expect(current.log).toEqual(['quit'])
    expect(current.module.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled()
  })

  it('shows an error box and exits when the database is from a newer build', async () => {
    const store = await openStore(dataDir)
    await store.db.exec('PRAGMA user_version = 99')
    await store.close()
    current = makeElectron(dataDir)
    await expect(startApp(MAIN_URL)).resolves.toBe('core-failed')
    expect(current.module.dialog.showErrorBox).toHaveBeenCalledWith(
      'Greenlight could not open its data',
      expect.stringMatching(/newer Greenlight/),
    )
    expect(current.log.at(-1)).toBe('exit 1')
    expect(current.windows).toHaveLength(0)
    expect(current.handlers.size).toBe(0)
  })

  it('tells the user once when a damaged database was moved aside, and still starts', async () => {
    await writeFile(join(dataDir, 'greenlight.sqlite'), 'not a database'.repeat(100))
    current = makeElectron(dataDir)
    await expect(startApp(MAIN_URL)).resolves.toBe('started')
    expect(current.module.dialog.showMessageBox).toHaveBeenCalledOnce()
    const [options] = current.module.dialog.showMessageBox.mock.calls[0] as unknown as [
      { message: string },
    ]
    expect(options.message).toMatch(/kept as greenlight\.sqlite\.corrupt-/)
    current.module.app.emit('will-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => {
      expect(current.log).toContain('quit')
    })
  })

  it('wires a secure window, protocols and IPC over a real AppCore, and closes it on quit', async () => {
    current = makeElectron(dataDir)
    await expect(startApp(MAIN_URL)).resolves.toBe('started')

    // Schemes must be privileged before the app is ready, or Chromium ignores them.
    expect(current.log.indexOf('registerSchemes')).toBeLessThan(current.log.indexOf('whenReady'))
    expect(current.log.indexOf('enableSandbox')).toBeLessThan(current.log.indexOf('whenReady'))
    expect([...current.protocolHandlers.keys()].sort()).toEqual(['app', 'thumb'])
    expect(current.module.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect((await stat(join(dataDir, 'thumbs'))).isDirectory()).toBe(true)

    const [window] = current.windows
    expect(current.windows).toHaveLength(1)
    expect(window!.loaded).toEqual(['app://greenlight/index.html'])
    expect(window!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: '/opt/greenlight/out/preload/index.cjs',
    })

    // Every webContents Electron creates gets the navigation and window.open guards.
    const created = { on: vi.fn(), setWindowOpenHandler: vi.fn() }
    current.module.app.emit('web-contents-created', {}, created)
    expect(created.on).toHaveBeenCalledWith('will-navigate', expect.any(Function))
    expect(created.on).toHaveBeenCalledWith('will-attach-webview', expect.any(Function))
    expect(created.setWindowOpenHandler).toHaveBeenCalledOnce()

    // A call from our window's main frame reaches the real api.
    const frame = { ...window!.webContents.mainFrame, parent: null, isDestroyed: () => false }
    const info = await current.handlers.get('app:get-info')!(
      { sender: window!.webContents, senderFrame: frame },
      undefined,
    )
    expect(info).toMatchObject({ ok: true, value: { name: 'Greenlight', host: 'electron' } })
    const foreign = await current.handlers.get('app:get-info')!(
      { sender: window!.webContents, senderFrame: { ...frame, url: 'https://evil.example/' } },
      undefined,
    )
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })

    // AppCore events reach the window.
    const added = await current.handlers.get('scan:add-paths')!(
      { sender: window!.webContents, senderFrame: frame },
      { paths: [join(dataDir, 'missing.jpg')] },
    )
    expect(added).toMatchObject({ ok: true, value: { added: 1 } })

    // Quit waits for AppCore to flush and close, then quits for real.
    const preventDefault = vi.fn()
    current.module.app.emit('will-quit', { preventDefault })
    expect(preventDefault).toHaveBeenCalledOnce()
    await vi.waitFor(() => {
      expect(current.log.at(-1)).toBe('quit')
    })
    expect(window!.webContents.send).toHaveBeenCalledWith('items:changed', expect.anything())
    // The second will-quit (from that quit) goes through.
    const again = vi.fn()
    current.module.app.emit('will-quit', { preventDefault: again })
    expect(again).not.toHaveBeenCalled()
  })

  it('focuses the existing window when a second instance starts', async () => {
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    const [window] = current.windows
    current.module.app.emit('second-instance')
    expect(window!.focus).toHaveBeenCalledOnce()
    current.module.app.emit('will-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => {
      expect(current.log.at(-1)).toBe('quit')
    })
  })

  it('quits when the last window closes (except on macOS)', async () => {
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    current.module.app.emit('window-all-closed')
    if (process.platform === 'darwin') expect(current.log.at(-1)).not.toBe('quit')
    else expect(current.log.at(-1)).toBe('quit')
    current.module.app.emit('will-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => {
      expect(current.module.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 1 : 2)
    })
  })
})
