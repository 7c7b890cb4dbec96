import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { APP_INDEX_URL } from './origins'

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

/** ARCHITECTURE.md §6: every renderer is sandboxed and isolated; webSecurity stays on. */
export function buildWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
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

export function createMainWindow(options: { preloadPath: string; url: string }): BrowserWindow {
  const window = new BrowserWindow(buildWindowOptions(options.preloadPath))
  window.once('ready-to-show', () => {
    window.show()
  })
  void window.loadURL(options.url).catch((thrown: unknown) => {
    // A failed load leaves an empty window; say why in the log rather than crash main.
    console.error('Greenlight: could not load the renderer:', thrown)
  })
  return window
}
