import { app, BrowserWindow, clipboard, dialog, protocol, screen, session, shell } from 'electron'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { toAppError } from '../../src-shared/result'
import { createApi } from '../core/api'
import { AppCore } from '../core/app-core'
import { resolveDataDir } from '../core/data-dir'
import { createDesktopPorts } from './desktop-ports'
import { installDesktopShell } from './desktop-shell'
import { DesktopStateFile } from './desktop-state'
import { forwardEvents } from './ipc/forward-events'
import { registerAppHandlers } from './ipc/register-handlers'
import { createSenderCheck } from './ipc/trusted-sender'
import { trustedOrigins } from './origins'
import { registerPrivilegedSchemes, registerProtocols } from './protocols'
import { hardenSession, hardenWebContents } from './security'
import { acquireSingleInstance } from './single-instance'
import { builtPaths, createMainWindow, iconsDir, startUrl } from './window'
import { rememberWindowBounds, restoreBounds } from './window-state'

/** What happened at start-up, for the entry and for tests. */
export type StartOutcome = 'started' | 'second-instance' | 'core-failed'

function fail(title: string, thrown: unknown): void {
  dialog.showErrorBox(title, toAppError(thrown).message)
  app.exit(1)
}

/**
 * The Electron host: lifecycle and wiring only. Everything a user can do lives in AppCore and
 * api.ts, which the CLI and the test harness run too.
 */
export async function startApp(mainFileUrl: string): Promise<StartOutcome> {
  // The dev server is trusted only in an unpackaged build; a shipped app ignores the variable.
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
  const origins = trustedOrigins(devServerUrl)
  const paths = builtPaths(mainFileUrl)
  let window: BrowserWindow | null = null
  const getWindow = () => window

  // Set once the shell is installed; a second launch before that has nothing to show yet.
  let reveal = (): void => undefined
  if (
    !acquireSingleInstance(app, () => {
      reveal()
    })
  ) {
    return 'second-instance'
  }
  app.enableSandbox()
  registerPrivilegedSchemes(protocol)
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { origins, openExternal: (url) => shell.openExternal(url) })
  })

  let core: AppCore | null = null
  // Until the shell is installed (it decides about the tray), closing the window quits.
  let shellInstalled = false
  app.on('window-all-closed', () => {
    if (!shellInstalled && process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', (event) => {
    if (!core) return
    // Hold the quit until pending events are flushed and the database is closed.
    const closing = core
    core = null
    event.preventDefault()
    closing
      .close()
      .catch((thrown: unknown) => {
        console.error('Greenlight: closing the database failed:', thrown)
      })
      .finally(() => {
        app.quit()
      })
  })

  await app.whenReady()
  hardenSession(session.defaultSession)
  const dataDir = resolveDataDir({ electronUserData: app.getPath('userData') })
  const ports = createDesktopPorts({
    dialog,
    shell,
    clipboard,
    getWindow,
    defaultFolder: app.getPath('documents'),
  })
  const stateFile = new DesktopStateFile(join(app.getPath('userData'), 'desktop-state.json'))
  await stateFile.load()
  try {
    core = await AppCore.open({ dataDir, host: 'electron', ports })
  } catch (thrown) {
    fail('Greenlight could not open its data', thrown)
    return 'core-failed'
  }
  // A damaged database was moved aside at open: say so once, without holding up the window.
  for (const notice of core.notices) {
    void dialog.showMessageBox({ type: 'warning', title: 'Greenlight', message: notice.message })
  }
  const thumbsDir = join(dataDir, 'thumbs')
  await mkdir(thumbsDir, { recursive: true }).catch(() => undefined)

  registerAppHandlers(createApi(core), createSenderCheck(getWindow, origins))
  forwardEvents(core.events, getWindow)
  registerProtocols(protocol, {
    rendererDir: paths.rendererDir,
    thumbsDir,
    // After quit the core is gone: a late request gets the placeholder.
    makeThumbnail: (sha256) => core?.thumbnails.ensure(sha256) ?? Promise.resolve(false),
    previewsDir: join(dataDir, 'previews'),
    makePreview: (request) => core?.previews.ensure(request) ?? Promise.resolve(null),
  })

  const icons = iconsDir(
    mainFileUrl,
    app.isPackaged ? { resourcesPath: process.resourcesPath } : null,
  )
  const openWindow = () => {
    const displays = screen.getAllDisplays().map((display) => display.workArea)
    const created = createMainWindow({
      preloadPath: paths.preload,
      url: startUrl(devServerUrl),
      bounds: restoreBounds(
        stateFile.current.window,
        displays,
        screen.getPrimaryDisplay().workArea,
      ),
      icon: process.platform === 'linux' ? join(icons, '512x512.png') : undefined,
    })
    rememberWindowBounds(created, (bounds) => {
      stateFile.update({ window: bounds }).catch(() => undefined)
    })
    created.on('closed', () => {
      if (window === created) window = null
    })
    window = created
  }
  const showWindow = (): boolean => {
    const current = getWindow()
    if (!current || current.isDestroyed()) {
      openWindow()
      return true
    }
    if (current.isMinimized()) current.restore()
    current.show()
    current.focus()
    return false
  }

  // Watched folders keep working while the window is closed (the tray); blocked photos notify.
  const watched = core
  const desktop = await installDesktopShell({
    core: watched,
    stateFile,
    iconsDir: icons,
    getWindow,
    showWindow,
  })
  shellInstalled = true
  reveal = desktop.show
  watched.watch.start().catch((thrown: unknown) => {
    watched.log.error('watched folders could not start', { message: toAppError(thrown).message })
  })

  openWindow()
  // macOS keeps the app alive with no window; the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) desktop.show()
  })
  return 'started'
}
