import { EventEmitter } from 'node:events'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openStore } from '../core/store/sqlite/open-store'
import { WatchService, type WatchListener } from '../core/watch/watch-service'
import { testItem } from '../../tests/fixtures/items'

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
    setBadgeCount: vi.fn(),
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: false })),
    setLoginItemSettings: vi.fn(),
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
    maximize = vi.fn()
    setProgressBar = vi.fn()
    isMaximized = () => false
    getNormalBounds = () => ({ x: 40, y: 30, width: 1100, height: 760 })
    close() {
      this.emit('close')
      this.destroyed = true
      windows.splice(windows.indexOf(this), 1)
      this.emit('closed')
    }
    webContents = Object.assign(new EventEmitter(), {
      isDestroyed: () => this.destroyed,
      mainFrame: { processId: 3, routingId: 1, url: 'app://greenlight/index.html' },
      send: vi.fn(),
    })
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      super()
      windows.push(this)
    }
    loadURL(url: string) {
      this.loaded.push(url)
      return Promise.resolve()
    }
  }
  const trays: FakeTray[] = []
  class FakeTray extends EventEmitter {
    setToolTip = vi.fn()
    setContextMenu = vi.fn()
    destroy = vi.fn(() => trays.splice(trays.indexOf(this), 1))
    constructor() {
      super()
      trays.push(this)
    }
  }
  const notifications: (EventEmitter & { options: unknown; show: () => void })[] = []
  const handlers = new Map<string, Handler>()
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>()
  const workArea = { x: 0, y: 0, width: 1920, height: 1040 }
  return {
    log,
    windows,
    trays,
    notifications,
    handlers,
    protocolHandlers,
    module: {
      app,
      BrowserWindow: FakeWindow,
      dialog: {
        showErrorBox: vi.fn(),
        showMessageBox: vi.fn(() => Promise.resolve({ response: 2 })),
        showOpenDialog: vi.fn(),
        showSaveDialog: vi.fn(),
      },
      Menu: {
        buildFromTemplate: vi.fn((template: unknown) => ({ template })),
        setApplicationMenu: vi.fn(),
      },
      Tray: FakeTray,
      nativeImage: { createFromPath: vi.fn(() => ({ setTemplateImage: vi.fn() })) },
      screen: {
        getAllDisplays: () => [{ workArea }],
        getPrimaryDisplay: () => ({ workArea }),
      },
      shell: { openExternal: vi.fn(() => Promise.resolve()) },
      clipboard: { writeText: vi.fn(() => Promise.resolve()) },
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
        vi.fn(function (options: unknown) {
          const notification = Object.assign(new EventEmitter(), { options, show: vi.fn() })
          notifications.push(notification)
          return notification
        }),
        { isSupported: () => true },
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
  get clipboard() {
    return current.module.clipboard
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
  get Menu() {
    return current.module.Menu
  },
  get Tray() {
    return current.module.Tray
  },
  get nativeImage() {
    return current.module.nativeImage
  },
  get screen() {
    return current.module.screen
  },
}))

const { startApp } = await import('./start-app')
const MAIN_URL = 'file:///opt/greenlight/out/main/index.js'
let dataDir: string

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'greenlight-start-'))
  // An explicit GREENLIGHT_HOME would win over userData; these tests need userData.
  vi.stubEnv('GREENLIGHT_HOME', '')
  // Start-at-login writes the XDG autostart entry here, not in the real ~/.config.
  vi.stubEnv('XDG_CONFIG_HOME', dataDir)
  // Set by Electron in a packaged app (the fake app says it is packaged).
  Object.assign(process, { resourcesPath: '/opt/greenlight/resources' })
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

describe('the desktop around the window', () => {
  type Current = ReturnType<typeof makeElectron>
  type Window = Current['windows'][number]

  /** Calls an IPC channel as our window's main frame would. */
  function invoke(window: Window, channel: string, payload?: unknown) {
    const frame = { ...window.webContents.mainFrame, parent: null, isDestroyed: () => false }
    return current.handlers.get(channel)!(
      { sender: window.webContents, senderFrame: frame },
      payload,
    )
  }

  async function quit() {
    current.module.app.emit('will-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => {
      expect(current.log.at(-1)).toBe('quit')
    })
  }

  const menuTemplate = () =>
    (current.module.Menu.setApplicationMenu.mock.lastCall as [{ template: { label: string }[] }])[0]
      .template

  it('installs the application menu, and rebuilds it in Chinese when the language changes', async () => {
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    const labels = () => menuTemplate().map((menu) => menu.label)
    expect(labels()).toContain(process.platform === 'darwin' ? 'File' : '&File')
    await invoke(current.windows[0]!, 'settings:set', { language: 'zh-CN' })
    expect(labels()).toContain(process.platform === 'darwin' ? '文件' : '文件(&F)')
    await quit()
  })

  it('follows a language another Greenlight on the same folder saved: the menu turns Chinese', async () => {
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    const labels = () => menuTemplate().map((menu) => menu.label)
    // Another process (a CLI, a second app) writes through its own connection to the database.
    const other = await openStore(dataDir)
    try {
      await other.settings.set({ language: 'zh-CN' })
    } finally {
      await other.close()
    }
    await vi.waitFor(
      () => {
        expect(labels()).toContain(process.platform === 'darwin' ? '文件' : '文件(&F)')
      },
      { timeout: 10_000 },
    )
    await quit()
  })

  it('keeps running in the tray when its window closes while a folder is watched, and says so once', async () => {
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    const inbox = join(dataDir, 'inbox')
    await mkdir(inbox)
    expect(current.trays).toHaveLength(0)
    await invoke(current.windows[0]!, 'watch:add', { path: inbox })
    await vi.waitFor(() => {
      expect(current.trays).toHaveLength(1)
    })
    current.windows[0]!.close()
    current.module.app.emit('window-all-closed')
    expect(current.module.app.quit).not.toHaveBeenCalled()
    expect(current.notifications.map((n) => (n.options as { title: string }).title)).toEqual([
      'Greenlight is still watching',
    ])
    // Show Greenlight from the tray opens a new window.
    current.trays[0]!.emit('click')
    expect(current.windows).toHaveLength(1)
    current.windows[0]!.close()
    current.module.app.emit('window-all-closed')
    expect(current.notifications).toHaveLength(1)
    // No folder left to watch: the tray goes, and closing the window quits again.
    current.trays[0]!.emit('click')
    const folders = (await invoke(current.windows[0]!, 'watch:list')) as { value: { id: number }[] }
    await invoke(current.windows[0]!, 'watch:remove', { id: folders.value[0]!.id })
    await vi.waitFor(() => {
      expect(current.trays).toHaveLength(0)
    })
    await vi.waitFor(async () => {
      expect(JSON.parse(await readFile(join(dataDir, 'desktop-state.json'), 'utf8'))).toMatchObject(
        { backgroundNoticeShown: true },
      )
    })
    await quit()
  })

  it('a click on a blocked notification shows the window and asks the page to select that image', async () => {
    // The watch service's listeners, to play a blocked photo to them (spied, still subscribed).
    const spy = vi.spyOn(WatchService.prototype, 'on')
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    const listeners: WatchListener[] = spy.mock.calls.map(([listener]) => listener)
    spy.mockRestore()
    const item = testItem(42, { state: 'done', suggestion: 'block', source: '/in/a.jpg' })
    for (const listener of listeners) listener({ type: 'blocked', folderId: 1, item })
    const notification = current.notifications.find(
      (n) => (n.options as { title: string }).title === 'Greenlight: image blocked',
    )!
    const window = current.windows[0]!
    notification.emit('click')
    expect(window.focus).toHaveBeenCalled()
    expect(window.webContents.send).toHaveBeenCalledWith('items:focus-requested', { itemId: 42 })

    // With the window closed, a new one opens and hears the request once its page has loaded.
    window.close()
    notification.emit('click')
    const reopened = current.windows[0]!
    expect(reopened).not.toBe(window)
    expect(reopened.webContents.send).not.toHaveBeenCalledWith(
      'items:focus-requested',
      expect.anything(),
    )
    reopened.webContents.emit('did-finish-load')
    expect(reopened.webContents.send).toHaveBeenCalledWith('items:focus-requested', { itemId: 42 })
    await quit()
  })

  it('reopens the window where it was last closed', async () => {
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    expect(current.windows[0]!.options).toMatchObject({ width: 1280, height: 820 })
    current.windows[0]!.close()
    await quit()
    await vi.waitFor(async () => {
      expect(JSON.parse(await readFile(join(dataDir, 'desktop-state.json'), 'utf8'))).toMatchObject(
        {
          window: { x: 40, y: 30, width: 1100, height: 760, maximized: false },
        },
      )
    })
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    expect(current.windows[0]!.options).toMatchObject({ x: 40, y: 30, width: 1100, height: 760 })
    await quit()
  })

  it('applies "Start Greenlight when I log in" whenever the setting changes', async () => {
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    await invoke(current.windows[0]!, 'settings:set', { openAtLogin: true })
    if (process.platform === 'linux') {
      await vi.waitFor(async () => {
        expect(await readFile(join(dataDir, 'autostart', 'greenlight.desktop'), 'utf8')).toContain(
          'Exec=',
        )
      })
    } else {
      expect(current.module.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true })
    }
    await quit()
  })

  it('shows batch progress on the taskbar and clears it when the batch ends', async () => {
    current = makeElectron(dataDir)
    await startApp(MAIN_URL)
    const window = current.windows[0]!
    // Paused, the batch waits at 0 % (marked paused) instead of finishing within one event.
    await invoke(window, 'scan:pause')
    const photo = join(dataDir, 'photo.png')
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a7' } })
      .png()
      .toFile(photo)
    await invoke(window, 'scan:add-paths', { paths: [photo] })
    await vi.waitFor(() => {
      expect(window.setProgressBar).toHaveBeenLastCalledWith(0, { mode: 'paused' })
    })
    // Cancelling ends the batch without loading the local model.
    await invoke(window, 'scan:cancel')
    await vi.waitFor(() => {
      expect(window.setProgressBar).toHaveBeenLastCalledWith(-1, { mode: 'none' })
    })
    await quit()
  })

  it('asks before quitting mid-batch; Stop quits and the unfinished images wait in the queue', async () => {
    current = makeElectron(dataDir)
    current.module.dialog.showMessageBox.mockResolvedValue({ response: 1 })
    await startApp(MAIN_URL)
    const window = current.windows[0]!
    const photos = await Promise.all(
      [1, 2, 3].map(async (n) => {
        const photo = join(dataDir, `photo-${String(n)}.png`)
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a7' } })
          .png()
          .toFile(photo)
        return photo
      }),
    )
    await invoke(window, 'scan:add-paths', { paths: photos })
    const quitting = { preventDefault: vi.fn() }
    current.module.app.emit('before-quit', quitting)
    expect(quitting.preventDefault).toHaveBeenCalledOnce()
    expect(current.module.dialog.showMessageBox).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ message: '3 image(s) are still being scanned.' }),
    )
    await vi.waitFor(() => {
      expect(current.module.app.quit).toHaveBeenCalledOnce()
    })
    // That quit runs will-quit, which closes AppCore before quitting for real.
    current.module.app.emit('will-quit', { preventDefault: vi.fn() })
    // Closing waits for in-flight work (the local model may be loading) to stop.
    await vi.waitFor(
      () => {
        expect(current.module.app.quit).toHaveBeenCalledTimes(2)
      },
      { timeout: 25_000 },
    )
    const store = await openStore(dataDir)
    const { items } = await store.items.list(0, 10, {})
    await store.close()
    expect(items.map((item) => item.state)).toEqual(['queued', 'queued', 'queued'])
  })
})
