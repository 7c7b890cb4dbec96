import { app, BrowserWindow, dialog, Notification, protocol, session, shell } from 'electron'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { toAppError } from '../../src-shared/result'
import { createApi } from '../core/api'
import { AppCore } from '../core/app-core'
import { resolveDataDir } from '../core/data-dir'
import { showBlockedNotifications } from './blocked-notifications'
import { forwardEvents } from './ipc/forward-events'
import { registerAppHandlers } from './ipc/register-handlers'
import { createSenderCheck } from './ipc/trusted-sender'
import { trustedOrigins } from './origins'
import { registerPrivilegedSchemes, registerProtocols } from './protocols'
import { hardenSession, hardenWebContents } from './security'
import { acquireSingleInstance } from './single-instance'
import { builtPaths, createMainWindow, startUrl } from './window'

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

  if (!acquireSingleInstance(app, getWindow)) return 'second-instance'
  app.enableSandbox()
  registerPrivilegedSchemes(protocol)
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { origins, openExternal: (url) => shell.openExternal(url) })
  })

  let core: AppCore | null = null
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
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
  try {
    core = await AppCore.open({ dataDir, host: 'electron' })
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
  registerProtocols(protocol, { rendererDir: paths.rendererDir, thumbsDir })

  // Watched folders keep working while the app is open; blocked photos raise a notification.
  const watched = core
  showBlockedNotifications({
    subscribe: (listener) => watched.watch.on(listener),
    create: (options) => new Notification(options),
    supported: () => Notification.isSupported(),
  })
  watched.watch.start().catch((thrown: unknown) => {
    watched.log.error('watched folders could not start', { message: toAppError(thrown).message })
  })

  const openWindow = () => {
    const created = createMainWindow({ preloadPath: paths.preload, url: startUrl(devServerUrl) })
    created.on('closed', () => {
      if (window === created) window = null
    })
    window = created
  }
  openWindow()
  // macOS keeps the app alive with no window; the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  return 'started'
}
