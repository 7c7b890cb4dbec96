import type {
  Dialogs,
  HostPorts,
  OpenFilesOptions,
  OpenFoldersOptions,
  SaveFileOptions,
} from '../../src-main/core/host/host-ports'
import { ok } from '../../src-shared/result'

type DialogKind = 'openFiles' | 'openFolders' | 'saveFile'

export interface DialogRequest {
  readonly kind: DialogKind
  readonly options: OpenFilesOptions | OpenFoldersOptions | SaveFileOptions
}

/**
 * The harness's OS: dialogs answer with what a test scripted beforehand (as if the user picked
 * those paths), and every request is recorded so a test can check what was asked. An unscripted
 * dialog answers as a user who cancels. "Show in folder" and "Copy path" are recorded, not performed.
 */
export class ScriptedPorts implements HostPorts {
  readonly requests: DialogRequest[] = []
  readonly shownInFolder: string[] = []
  /** What "Copy path" put on the clipboard, in order. */
  readonly copiedPaths: string[] = []
  private readonly answers: Record<DialogKind, (string[] | string | null)[]> = {
    openFiles: [],
    openFolders: [],
    saveFile: [],
  }

  /** The next dialog of this kind returns these paths (or null: cancelled). */
  answerNext(kind: 'openFiles' | 'openFolders', paths: string[]): void
  answerNext(kind: 'saveFile', path: string | null): void
  answerNext(kind: DialogKind, answer: string[] | string | null): void {
    this.answers[kind].push(answer)
  }

  readonly dialogs: Dialogs = {
    openFiles: (options) => Promise.resolve(this.take('openFiles', options, [])),
    openFolders: (options) => Promise.resolve(this.take('openFolders', options, [])),
    saveFile: (options) => Promise.resolve(this.take('saveFile', options, null)),
  }

  readonly shell = {
    showInFolder: (path: string) => {
      this.shownInFolder.push(path)
      return Promise.resolve(ok(undefined))
    },
    copyPath: (path: string) => {
      this.copiedPaths.push(path)
      return Promise.resolve(ok(undefined))
    },
  }

  private take<T extends string[] | string | null>(
    kind: DialogKind,
    options: DialogRequest['options'],
    cancelled: T,
  ): T {
    this.requests.push({ kind, options })
    const next = this.answers[kind].shift()
    return (next === undefined ? cancelled : next) as T
  }
}
