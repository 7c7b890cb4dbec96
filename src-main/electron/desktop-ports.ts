import type {
  BrowserWindow,
  Clipboard,
  Dialog,
  OpenDialogOptions,
  SaveDialogOptions,
  Shell,
} from 'electron'
import { access } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { appError, err, ok } from '../../src-shared/result'
import type { FileFilter, HostPorts } from '../core/host/host-ports'

type PortDialog = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>
type PortShell = Pick<Shell, 'showItemInFolder'>

export interface DesktopPortsDeps {
  dialog: PortDialog
  shell: PortShell
  clipboard: Pick<Clipboard, 'writeText'>
  /** The dialog is modal to this window when there is one. */
  getWindow: () => BrowserWindow | null
  /** Where a save dialog starts (the user's Documents folder in the app). */
  defaultFolder?: string
}

const toElectronFilters = (filters: readonly FileFilter[]) =>
  filters.map((f) => ({ name: f.name, extensions: [...f.extensions] }))

/**
 * The Dialogs and DesktopShell ports (core/host/host-ports.ts) with Electron's native dialogs.
 * Chosen paths go back to core, never through the renderer.
 */
export function createDesktopPorts(deps: DesktopPortsDeps): HostPorts {
  const parent = () => {
    const window = deps.getWindow()
    return window && !window.isDestroyed() ? window : null
  }
  const open = async (options: OpenDialogOptions): Promise<string[]> => {
    const window = parent()
    const result = window
      ? await deps.dialog.showOpenDialog(window, options)
      : await deps.dialog.showOpenDialog(options)
    return result.canceled ? [] : result.filePaths
  }
  return {
    dialogs: {
      openFiles: (options) =>
        open({
          title: options.title,
          filters: toElectronFilters(options.filters),
          properties: ['openFile', 'multiSelections'],
        }),
      openFolders: (options) =>
        open({
          title: options.title,
          // createDirectory: macOS only; lets a user make the inbox folder they are about to watch.
          properties: ['openDirectory', 'multiSelections', 'createDirectory'],
        }),
      saveFile: async (options) => {
        const settings: SaveDialogOptions = {
          title: options.title,
          defaultPath: join(deps.defaultFolder ?? homedir(), options.defaultName),
          filters: toElectronFilters(options.filters),
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        }
        const window = parent()
        const result = window
          ? await deps.dialog.showSaveDialog(window, settings)
          : await deps.dialog.showSaveDialog(settings)
        return result.canceled || !result.filePath ? null : result.filePath
      },
    },
    shell: {
      showInFolder: async (path) => {
        // The file manager says nothing when the file is gone: tell the user instead.
        try {
          await access(path)
        } catch {
          return err(appError('NOT_FOUND', `${path} is no longer there.`))
        }
        deps.shell.showItemInFolder(path)
        return ok(undefined)
      },
      copyPath: async (path) => {
        await deps.clipboard.writeText(path)
        return ok(undefined)
      },
    },
  }
}
