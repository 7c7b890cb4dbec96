import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  nativeImage,
  Notification,
  shell,
  Tray,
  type MessageBoxOptions,
} from 'electron'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { CommandId } from '../../src-shared/commands'
import type { Settings } from '../../src-shared/domain'
import { toAppError } from '../../src-shared/result'
import { componentVersions } from '../core/about/component-versions'
import type { AppCore } from '../core/app-core'
import { APP_VERSION } from '../core/version'
import { watchedFolders } from '../core/watch/watched-folders'
import { aboutDetail, documentationUrl } from './about-box'
import { createAppMenu } from './app-menu'
import { BackgroundMode, type QuitChoice } from './background-mode'
import { showBlockedNotifications } from './blocked-notifications'
import type { DesktopStateFile } from './desktop-state'
import { applyLoginItem } from './login-item'
import type { MenuPlatform } from './menu-template'
import { shellText } from './shell-strings'
import { pendingOf, trackShellStatus, watchingOf, type ShellStatus } from './shell-status'
import { createTaskbarProgress } from './taskbar-progress'
import { TrayController } from './tray'

export interface ShellDeps {
  core: AppCore
  stateFile: DesktopStateFile
  /** resources/icons, or its packaged copy (window.ts `iconsDir`). */
  iconsDir: string
  getWindow: () => BrowserWindow | null
  /** Shows the window, creating it when it was closed; true when it had to be created. */
  showWindow: () => boolean
}

const platformOf = (): MenuPlatform =>
  process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux'

/**
 * The desktop around AppCore: application menu, tray, taskbar progress and badge, notifications,
 * start at login, and what closing and quitting mean. All of it follows core's events; every
 * action goes back through core (the queue, the event hub), so the CLI and harness keep parity.
 */
export async function installDesktopShell(deps: ShellDeps): Promise<{ show: () => void }> {
  const { core, stateFile } = deps
  const [settings, progress, folders] = await Promise.all([
    core.store.settings.get(),
    core.store.items.progress(),
    watchedFolders(core.watch),
  ])

  // A page that was just created hears the request once it has loaded (it subscribes at start).
  const toPage = (created: boolean, send: () => void) => {
    const contents = deps.getWindow()?.webContents
    if (created && contents) contents.once('did-finish-load', send)
    else send()
  }
  const showAndSend = (send: () => void) => {
    const created = deps.showWindow()
    background.windowShown()
    toPage(created, send)
  }
  const pauseResume = () => {
    if (core.scan.status().state === 'paused') core.scan.resume()
    else core.scan.pause()
  }
  const showAbout = async () => {
    const language = status.current().language
    const options: MessageBoxOptions = {
      type: 'info',
      title: shellText(language, 'aboutTitle'),
      message: 'Greenlight',
      detail: aboutDetail(language, {
        version: APP_VERSION,
        dataDir: core.dataDir,
        components: await componentVersions(),
        runtime: process.versions,
      }),
      buttons: [shellText(language, 'ok')],
      icon: nativeImage.createFromPath(join(deps.iconsDir, '256x256.png')),
    }
    const window = deps.getWindow()
    await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options))
  }
  const run = (id: CommandId) => {
    const fail = (thrown: unknown) => {
      core.log.error('menu command', { command: id, message: toAppError(thrown).message })
    }
    if (id === 'pause-resume') pauseResume()
    else if (id === 'about') showAbout().catch(fail)
    else if (id === 'documentation')
      shell.openExternal(documentationUrl(status.current().language)).catch(fail)
    else
      showAndSend(() => {
        core.events.commandRequested(id)
      })
  }

  const menu = createAppMenu({
    platform: platformOf(),
    install: (template) => {
      Menu.setApplicationMenu(Menu.buildFromTemplate(template))
    },
    run,
  })
  const taskbar = createTaskbarProgress({
    getWindow: deps.getWindow,
    setBadgeCount: (count) => {
      app.setBadgeCount(count)
    },
  })
  const tray = new TrayController({
    create: () => {
      const icon =
        process.platform === 'darwin'
          ? nativeImage.createFromPath(join(deps.iconsDir, 'trayTemplate.png'))
          : nativeImage.createFromPath(join(deps.iconsDir, '32x32.png'))
      if (process.platform === 'darwin') icon.setTemplateImage(true)
      const tray = new Tray(icon)
      return {
        setToolTip: (text) => {
          tray.setToolTip(text)
        },
        setMenu: (template) => {
          tray.setContextMenu(Menu.buildFromTemplate(template))
        },
        on: (event, listener) => tray.on(event, listener),
        destroy: () => {
          tray.destroy()
        },
      }
    },
    actions: {
      show: () => {
        showAndSend(() => undefined)
      },
      pauseResume,
      quit: () => {
        app.quit()
      },
    },
  })

  const askQuit = async (current: ShellStatus): Promise<QuitChoice> => {
    const { language } = current
    const options: MessageBoxOptions = {
      type: 'question',
      title: shellText(language, 'quitTitle'),
      message: shellText(language, 'quitMessage', { left: pendingOf(current.progress) }),
      detail: shellText(language, 'quitDetail'),
      buttons: [
        shellText(language, 'quitFinish'),
        shellText(language, 'quitStop'),
        shellText(language, 'cancel'),
      ],
      defaultId: 0,
      cancelId: 2,
    }
    const window = deps.getWindow()
    const { response } = await (window
      ? dialog.showMessageBox(window, options)
      : dialog.showMessageBox(options))
    return response === 0 ? 'finish' : response === 1 ? 'stop' : 'cancel'
  }
  const showBackgroundNotice = (current: ShellStatus) => {
    if (stateFile.current.backgroundNoticeShown) return
    if (Notification.isSupported()) {
      const body = process.platform === 'darwin' ? 'backgroundBodyMac' : 'backgroundBody'
      new Notification({
        title: shellText(current.language, 'backgroundTitle'),
        body: shellText(current.language, body),
      }).show()
    }
    stateFile.update({ backgroundNoticeShown: true }).catch((thrown: unknown) => {
      core.log.error('desktop state', { message: toAppError(thrown).message })
    })
  }

  const refresh = (current: ShellStatus) => {
    menu(current.language, {
      itemCount: current.progress.total,
      queue: current.queue,
      undoable: current.undoable,
    })
    taskbar(current)
    tray.update(background.keepsRunning, current)
    background.statusChanged(current)
  }
  const background: BackgroundMode = new BackgroundMode({
    platform: process.platform,
    status: () => status.current(),
    quit: () => {
      app.quit()
    },
    closeWindows: () => {
      for (const window of BrowserWindow.getAllWindows()) window.close()
    },
    askQuit,
    showBackgroundNotice,
    changed: () => {
      tray.update(background.keepsRunning, status.current())
    },
    cancelled: () => {
      if (!deps.getWindow()) showAndSend(() => undefined)
    },
  })
  const status = trackShellStatus(
    core.events,
    {
      progress,
      queue: core.scan.status().state,
      watching: watchingOf(folders),
      language: settings.language,
      undoable: (await core.decisions.pending()).length > 0,
    },
    refresh,
  )

  const loginItem = (openAtLogin: boolean) => {
    // An unpackaged run would register the bare Electron binary, which opens no Greenlight.
    if (!app.isPackaged) return
    applyLoginItem(
      {
        app,
        platform: process.platform,
        autostartDir: join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart'),
        executable: process.env.APPIMAGE ?? process.execPath,
      },
      openAtLogin,
    ).catch((thrown: unknown) => {
      core.log.error('start at login', { message: toAppError(thrown).message })
    })
  }
  let openAtLogin = settings.openAtLogin
  loginItem(openAtLogin)
  const applySettings = (next: Settings) => {
    status.languageChanged(next.language)
    if (next.openAtLogin !== openAtLogin) {
      openAtLogin = next.openAtLogin
      loginItem(openAtLogin)
    }
  }
  // Every save, this process's (told as written) and another's (through the change feed,
  // docs/architecture.md §3), arrives as settings:changed.
  core.events.subscribe((event, payload) => {
    if (event === 'settings:changed') applySettings(payload as Settings)
  })

  showBlockedNotifications({
    subscribe: (listener) => core.watch.on(listener),
    create: (options) => new Notification(options),
    supported: () => Notification.isSupported(),
    language: () => status.current().language,
    onClick: (itemId) => {
      showAndSend(() => {
        if (itemId !== null) core.events.itemFocusRequested(itemId)
      })
    },
  })

  app.on('window-all-closed', () => {
    background.windowAllClosed()
  })
  app.on('before-quit', (event) => {
    background.beforeQuit(event)
  })
  refresh(status.current())
  // For a second launch and the dock icon: the window comes back, a background quit is called off.
  return {
    show: () => {
      showAndSend(() => undefined)
    },
  }
}
