import { appError, err, type Result } from '../../../src-shared/result'

/**
 * What core asks of the operating system, as ports each host implements (docs: "Ports for the OS
 * too"): Electron for real (src-main/electron/), the harness as a script tests drive, the CLI
 * where it makes sense. Core never imports Electron; it calls these.
 *
 * Dialog results are paths chosen by the user in main's own dialog: they go straight into a scan
 * or an export and never round-trip through the renderer.
 */

export interface FileFilter {
  /** Shown in the dialog's type list ("Images"). */
  readonly name: string
  /** Without dots: ['jpg', 'png']. */
  readonly extensions: readonly string[]
}

export interface OpenFilesOptions {
  readonly title: string
  readonly filters: readonly FileFilter[]
}

export interface OpenFoldersOptions {
  readonly title: string
}

export interface SaveFileOptions {
  readonly title: string
  /** A file name (no folder): the host picks the starting folder. */
  readonly defaultName: string
  readonly filters: readonly FileFilter[]
}

export interface Dialogs {
  /** Several files at once; an empty list when the user cancels. */
  openFiles(options: OpenFilesOptions): Promise<string[]>
  /** Several folders at once; an empty list when the user cancels. */
  openFolders(options: OpenFoldersOptions): Promise<string[]>
  /** The path to write to, or null when the user cancels. */
  saveFile(options: SaveFileOptions): Promise<string | null>
}

export interface DesktopShell {
  /** Reveals a file in the OS file manager (Explorer, Finder, the Linux file manager). */
  showInFolder(path: string): Promise<Result<void>>
  /** Puts an item's path (or URL) on the clipboard: main copies it, the renderer never holds it. */
  copyPath(path: string): Promise<Result<void>>
}

export interface HostPorts {
  readonly dialogs: Dialogs
  readonly shell: DesktopShell
}

// A host without a desktop never offers a dialog command, so reaching one is a programming error.
const noDialogs = (): Promise<never> =>
  Promise.reject(new Error('This Greenlight has no file dialogs: give paths instead.'))

const noDesktop = (what: string) => () =>
  Promise.resolve(err(appError('UNSUPPORTED_INPUT', `This Greenlight cannot ${what}.`)))

/** For hosts with no desktop (the CLI): dialogs refuse, "show in folder" says it cannot. */
export const HEADLESS_PORTS: HostPorts = {
  dialogs: { openFiles: noDialogs, openFolders: noDialogs, saveFile: noDialogs },
  shell: {
    showInFolder: noDesktop('open a file manager'),
    copyPath: noDesktop('use the clipboard'),
  },
}
