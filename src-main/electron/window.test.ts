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
    loadURL(url: string) {
      this.record.loaded.push(url)
      return Promise.resolve()
    }
  },
}))

const { buildWindowOptions, builtPaths, createMainWindow, startUrl } = await import('./window')

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
})
