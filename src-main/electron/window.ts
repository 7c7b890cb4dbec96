import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WindowBounds } from './desktop-state'
import { APP_INDEX_URL } from './origins'
import { DEFAULT_SIZE } from './window-state'

export interface BuiltPaths {
  /** out/preload/index.cjs: CommonJS, because a sandboxed preload cannot load ES modules. */
  preload: string
  /** out/renderer: what `app://greenlight/` serves. */
  rendererDir: string
}

/**
 * Paths of the other build outputs, relative to the built main file (out/main/index.js). Plain
 * path arithmetic on purpose: a `new URL('…', import.meta.url)` literal would be rewritten by
 * Vite as an asset import.
 */
export function builtPaths(mainFileUrl: string): BuiltPaths {
  const mainDir = dirname(fileURLToPath(mainFileUrl))
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
  }
}

/**
 * The run-time icons (window on Linux, tray): shipped as extraResources (electron-builder.yml) in a
 * packaged app, read from the repository's resources/ otherwise.
 */
export function iconsDir(mainFileUrl: string, packaged: { resourcesPath: string } | null): string {
  if (packaged) return join(packaged.resourcesPath, 'icons')
  return join(dirname(fileURLToPath(mainFileUrl)), '..', '..', 'resources', 'icons')
}

export interface WindowPlacement {
  /** Where the window was last time (window-state.ts); centred when x/y are absent. */
  bounds?: WindowBounds
  /** Linux shows this in the window's title bar and task switcher; macOS and Windows use the bundle's. */
  icon?: string
}

/** docs/architecture.md §7: every renderer is sandboxed and isolated; webSecurity stays on. */
export function buildWindowOptions(
  preloadPath: string,
  placement: WindowPlacement = {},
): BrowserWindowConstructorOptions {
  const { bounds, icon } = placement
  return {
    width: bounds?.width ?? DEFAULT_SIZE.width,
    height: bounds?.height ?? DEFAULT_SIZE.height,
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    ...(icon ? { icon } : {}),
    minWidth: 900,
    minHeight: 600,
    title: 'Greenlight',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  }
}

/** The URL the main window loads: the dev server when electron-vite runs one, else app://. */
export function startUrl(devServerUrl: string | undefined): string {
  return devServerUrl ?? APP_INDEX_URL
}

export function createMainWindow(
  options: { preloadPath: string; url: string } & WindowPlacement,
): BrowserWindow {
  const window = new BrowserWindow(buildWindowOptions(options.preloadPath, options))
  window.once('ready-to-show', () => {
    if (options.bounds?.maximized) window.maximize()
    window.show()
  })
  void window.loadURL(options.url).catch((thrown: unknown) => {
    // A failed load leaves an empty window; say why in the log rather than crash main.
    console.error('Greenlight: could not load the renderer:', thrown)
  })
  return window
}
