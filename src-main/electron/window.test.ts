import { describe, expect, it, vi } from 'vitest'

const created: { options: unknown; loaded: string[]; once: Map<string, () => void> }[] = []

vi.mock('electron', () => ({
  BrowserWindow: class {
    readonly record = { options: undefined as unknown, loaded: [] as string[], once: new Map() }
    constructor(options: unknown) {
      this.record.options = options
      created.push(this.record)
    }
    once(name: string, listener: () => void) {
      this.record.once.set(name, listener)
    }
    show = vi.fn()
    maximize = vi.fn()
    loadURL(url: string) {
      this.record.loaded.push(url)
      return Promise.resolve()
    }
  },
}))

const { buildWindowOptions, builtPaths, createMainWindow, iconsDir, startUrl } =
  await import('./window')

describe('main window', () => {
  it('is sandboxed, isolated, without Node, webviews or relaxed web security', () => {
    const { preload } = builtPaths('file:///opt/greenlight/out/main/index.js')
    const prefs = buildWindowOptions(preload).webPreferences
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
    })
    // Left at Electron's default (on), never switched off.
    expect(prefs).not.toHaveProperty('webSecurity')
    expect(prefs?.preload).toMatch(/index\.cjs$/)
  })

  it('finds the preload and renderer next to the built main file', () => {
    const paths = builtPaths('file:///opt/greenlight/out/main/index.js')
    expect(paths.preload).toBe('/opt/greenlight/out/preload/index.cjs')
    expect(paths.rendererDir).toBe('/opt/greenlight/out/renderer')
  })

  it('loads app:// in production and the dev server only when given one', () => {
    expect(startUrl(undefined)).toBe('app://greenlight/index.html')
    expect(startUrl('http://localhost:5173')).toBe('http://localhost:5173')
  })

  it('stays hidden until ready-to-show', () => {
    const window = createMainWindow({
      preloadPath: '/x/index.cjs',
      url: 'app://greenlight/index.html',
    })
    const record = created.at(-1)!
    expect(record.options).toMatchObject({ show: false })
    expect(record.loaded).toEqual(['app://greenlight/index.html'])
    const show = (window as unknown as { show: ReturnType<typeof vi.fn> }).show
    expect(show).not.toHaveBeenCalled()
    record.once.get('ready-to-show')!()
    expect(show).toHaveBeenCalledOnce()
  })

  it('opens where it was, with the app icon, and maximized again if it was', () => {
    const window = createMainWindow({
      preloadPath: '/x/index.cjs',
      url: 'app://greenlight/index.html',
      bounds: { x: 40, y: 30, width: 1100, height: 760, maximized: true },
      icon: '/opt/greenlight/resources/icons/512x512.png',
    })
    const record = created.at(-1)!
    expect(record.options).toMatchObject({
      x: 40,
      y: 30,
      width: 1100,
      height: 760,
      icon: '/opt/greenlight/resources/icons/512x512.png',
    })
    record.once.get('ready-to-show')!()
    expect(
      (window as unknown as { maximize: ReturnType<typeof vi.fn> }).maximize,
    ).toHaveBeenCalled()
  })

  it('finds the icons in the repository, or in the packaged resources', () => {
    expect(iconsDir('file:///repo/out/main/index.js', null)).toBe('/repo/resources/icons')
    expect(iconsDir('file:///x/app.asar/out/main/index.js', { resourcesPath: '/x' })).toBe(
      '/x/icons',
    )
  })
})
