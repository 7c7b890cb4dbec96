import { stat } from 'node:fs/promises'
import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar'
import { appError, type AppError } from '../../../src-shared/result'
import { chokidarOptions, watchLimitMessage, type WatchTimings } from './watch-options'
import type { WatchFolder } from '../store/ports/watch-index'

export type FolderState = 'starting' | 'watching' | 'error' | 'stopped'

export interface FolderStatus {
  folderId: number
  path: string
  state: FolderState
  /** True after the fallback from native events to polling. */
  polling: boolean
  error: AppError | null
}

export type CreateWatcher = (root: string, options: ChokidarOptions) => FSWatcher

/** What a folder's watcher reports to the service. */
export interface FolderHooks {
  /** `initial`: found by the first listing, not by an event (chokidar did not wait for it). */
  fileSeen(path: string, initial: boolean): void
  fileGone(path: string): void
  /** The first listing is complete; `seen` holds every file it found. */
  listed(seen: ReadonlySet<string>): void
  /** A folder appeared inside the watched one (after the first listing). */
  dirAdded(path: string): void
  /** The folder itself disappeared. */
  lost(): void
  sweep(): Promise<void>
  status(status: FolderStatus): void
  notice(message: string): void
  error(error: unknown): void
}

const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE'])

function folderGone(path: string): AppError {
  return appError(
    'FILE_NOT_FOUND',
    `The watched folder ${path} is not there (removed, renamed, or its drive is not mounted). Watching resumes by itself when it is back.`,
    true,
    { reason: 'watch-folder', folder: path },
  )
}

/**
 * One watched folder: a chokidar watcher plus what chokidar does not do by itself. It notices the
 * folder disappearing (and coming back, by checking every `timings.healthMs`), falls back to polling once
 * when the OS runs out of watches, and re-walks the folder every `sweepMs` if asked.
 */
export class FolderWatcher {
  private watcher: FSWatcher | null = null
  private polling = false
  private state: FolderState = 'stopped'
  private error: AppError | null = null
  private healthTimer: NodeJS.Timeout | null = null
  private sweepTimer: NodeJS.Timeout | null = null
  private sweeping = false
  /** Set when even polling hit the OS limit: shown until the folder is watched again. */
  private limitError: AppError | null = null
  private busy = false
  private closed = false

  constructor(
    readonly folder: WatchFolder,
    private readonly hooks: FolderHooks,
    private readonly options: {
      createWatcher?: CreateWatcher
      timings: WatchTimings
      /** Follow links leading outside the folder (the followSymlinks setting). */
      followOutside?: boolean
    },
  ) {}

  status(): FolderStatus {
    return {
      folderId: this.folder.id,
      path: this.folder.path,
      state: this.state,
      polling: this.polling,
      error: this.error,
    }
  }

  start(): void {
    this.closed = false
    this.healthTimer = setInterval(() => void this.checkRoot(), this.options.timings.healthMs)
    this.healthTimer.unref()
    this.setState('starting', null)
    void this.guard(() => this.checkRoot())
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.healthTimer) clearInterval(this.healthTimer)
    this.healthTimer = null
    await this.detach()
    this.setState('stopped', null)
  }

  /** Attaches when the folder is there and we are not watching; detaches when it went away. */
  private async checkRoot(): Promise<void> {
    if (this.busy || this.closed) return
    this.busy = true
    try {
      const there = await isFolder(this.folder.path)
      if (this.isClosed()) return
      if (there && this.watcher === null) this.attach()
      else if (!there && (this.watcher !== null || this.state === 'starting')) await this.lose()
    } finally {
      this.busy = false
    }
  }

  private attach(): void {
    const root = this.folder.path
    const options = chokidarOptions(root, {
      recursive: this.folder.recursive,
      polling: this.polling,
      followOutside: this.options.followOutside === true,
      timings: this.options.timings,
    })
    const watcher = (this.options.createWatcher ?? watch)(root, options)
    this.watcher = watcher
    let seen: Set<string> | null = new Set()
    const current = () => this.watcher === watcher && !this.closed
    watcher.on('add', (path: string) => {
      if (!current()) return
      seen?.add(path)
      this.hooks.fileSeen(path, seen !== null)
    })
    watcher.on('change', (path: string) => {
      if (current()) this.hooks.fileSeen(path, seen !== null)
    })
    watcher.on('unlink', (path: string) => {
      if (current()) this.hooks.fileGone(path)
    })
    watcher.on('addDir', (path: string) => {
      if (current() && seen === null && path !== root) this.hooks.dirAdded(path)
    })
    watcher.on('unlinkDir', (path: string) => {
      if (current() && path === root) void this.guard(() => this.lose())
    })
    watcher.on('error', (error: unknown) => {
      if (current()) void this.guard(() => this.onError(error))
    })
    watcher.on('ready', () => {
      if (!current() || seen === null) return
      const listed = seen
      seen = null
      this.hooks.listed(listed)
      this.setState(this.limitError ? 'error' : 'watching', this.limitError)
      this.startSweeps()
    })
  }

  private async detach(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer)
    this.sweepTimer = null
    const watcher = this.watcher
    this.watcher = null
    await watcher?.close()
  }

  private async lose(): Promise<void> {
    await this.detach()
    if (this.closed) return
    this.hooks.lost()
    this.setState('error', folderGone(this.folder.path))
  }

  private async onError(error: unknown): Promise<void> {
    const code = (error as { code?: unknown } | null)?.code
    if (typeof code === 'string' && LIMIT_CODES.has(code)) {
      if (!this.polling) {
        // Once only: polling needs no OS watches, so a second failure is not a watch limit.
        this.polling = true
        this.hooks.notice(watchLimitMessage(this.folder.path, code))
        await this.detach()
        if (!this.closed) this.attach()
        return
      }
      // Keep what polling still sees, but say the folder is not fully watched.
      this.limitError = appError(
        'FILE_UNREADABLE',
        watchLimitMessage(this.folder.path, code),
        true,
        {
          reason: 'watch-limit',
          folder: this.folder.path,
          detail: code,
        },
      )
      this.setState('error', this.limitError)
      return
    }
    this.hooks.error(error)
  }

  private startSweeps(): void {
    const every = this.folder.sweepMs
    if (every === null || every <= 0 || this.sweepTimer) return
    this.sweepTimer = setInterval(() => {
      if (this.sweeping || this.closed) return
      this.sweeping = true
      this.hooks
        .sweep()
        .catch((error: unknown) => {
          this.hooks.error(error)
        })
        .finally(() => {
          this.sweeping = false
        })
    }, every)
    this.sweepTimer.unref()
  }

  private isClosed(): boolean {
    return this.closed
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work()
    } catch (error) {
      this.hooks.error(error)
    }
  }

  private setState(state: FolderState, error: AppError | null): void {
    if (this.state === state && this.error?.message === error?.message) return
    this.state = state
    this.error = error
    this.hooks.status(this.status())
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
