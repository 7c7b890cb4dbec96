import { setMaxListeners } from 'node:events'
import type { Stats } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { EventChannel, EventPayload } from '../../../src-shared/ipc'
import {
  isFinalState,
  type EngineChoice,
  type Item,
  type Scene,
  type Settings,
} from '../../../src-shared/domain'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import { isWithin, walkFolder, type WalkEvent } from '../inputs/walk-folder'
import type { Logger } from '../log/logger'
import { sha256File } from '../media/hash-file'
import { looksComplete } from '../media/looks-complete'
import type {
  IndexedFile,
  WatchFileIndex,
  WatchFolder,
  WatchFolderInput,
  WatchFolderList,
  WatchIndex,
} from '../store/ports/watch-index'
import { sameFile, statFile, waitUntilStable } from './await-stable'
import { FolderWatcher, type CreateWatcher, type FolderStatus } from './folder-watcher'
import { IndexBatcher, type BatchEntry } from './index-batcher'
import { Limiter } from '../pacing/limiter'
import { isIgnoredName, realFolder, watchTimings, type WatchTimings } from './watch-options'

/** What the watcher tells its hosts (the CLI prints them; the app will notify). */
export type WatchEvent =
  | { type: 'enqueued'; folderId: number; items: readonly Item[] }
  /** An item this watcher enqueued reached a final state. */
  | { type: 'verdict'; folderId: number; item: Item }
  /** ... and it is blocked, and settings ask to be told (notifyOnBlock). */
  | { type: 'blocked'; folderId: number; item: Item }
  | { type: 'folder'; status: FolderStatus }
  | { type: 'notice'; folderId: number; message: string }

export type WatchListener = (event: WatchEvent) => void

type CoreListener = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void

export interface WatchServiceDeps {
  /** The watch list and the file index (store/ports/watch-index.ts). */
  store: WatchIndex
  settings: { get(): Promise<Settings> }
  /** Stores complete files as queued items in one transaction (AppCore.addPaths). */
  enqueue(
    paths: string[],
    engine: EngineChoice | null,
    scenes: readonly Scene[] | null,
  ): Promise<Item[]>
  events: { subscribe(listener: CoreListener): () => void }
  /** Items whose file was renamed or moved (their source follows): the host announces them. */
  moved?(itemIds: readonly number[]): void
  log?: Logger
  /** Tests swap chokidar's `watch` to inject errors. */
  createWatcher?: CreateWatcher
  batchMax?: number
  /** Files hashed at once: a burst of 1,000 must not open 1,000 files. */
  hashConcurrency?: number
  /** Every wait the watcher makes; production defaults unless replaced (tests shorten them). */
  timings?: Partial<WatchTimings>
}

export interface StartOptions {
  /** Watch only these folders (enabled or not), e.g. the ones named on the command line. */
  only?: readonly number[]
  /** Per-run overrides of each folder's engine and scenes. */
  engine?: EngineChoice
  scenes?: readonly Scene[]
}

type Phase = 'initial' | 'event' | 'sweep'

/**
 * Watches the folders of the watch list and enqueues every complete image exactly once per
 * content: unchanged files (same path, size and mtime, or same hash) are not enqueued again,
 * renamed or moved files (a missing path with the same hash) follow their item, edits are
 * enqueued, deletes are marked missing. It never scans: it enqueues through AppCore and reads
 * the verdicts from core events.
 */
export class WatchService {
  readonly list: WatchFolderList
  readonly index: WatchFileIndex
  private readonly batcher: IndexBatcher
  private readonly watchers = new Map<number, FolderWatcher>()
  private readonly chains = new Map<string, Promise<void>>()
  /** Missing rows a rename in progress has taken, so two new files cannot claim one. */
  private readonly claimed = new Set<string>()
  /** Items enqueued here with no verdict yet -> their folder. */
  private readonly inflight = new Map<number, number>()
  private readonly listeners = new Set<WatchListener>()
  private readonly limiter: Limiter
  private unsubscribe: (() => void) | null = null
  private watching = false
  private readonly recheckDirs = new Set<string>()
  private recheckTimer: NodeJS.Timeout | null = null
  private abort = new AbortController()
  /** Bumped by every event on a path: a newer one supersedes an attempt still waiting. */
  private readonly attempts = new Map<string, number>()
  /** The followSymlinks setting, read when watching starts. */
  private followOutside = false
  private overrides: Pick<StartOptions, 'engine' | 'scenes'> = {}
  private readonly timings: WatchTimings

  constructor(private readonly deps: WatchServiceDeps) {
    this.timings = watchTimings(deps.timings)
    this.list = deps.store.folders
    this.index = deps.store.files
    this.limiter = new Limiter(deps.hashConcurrency ?? 4)
    this.batcher = new IndexBatcher({
      index: this.index,
      enqueue: (paths, engine, scenes) => deps.enqueue(paths, engine, scenes),
      onEnqueued: (items, requests) => {
        const folderId = requests[0]?.folderId ?? 0
        for (const [i, item] of items.entries()) {
          // An item reused as it was (already judged) has no verdict to wait for.
          if (!isFinalState(item.state))
            this.inflight.set(item.id, requests[i]?.folderId ?? folderId)
        }
        this.emit({ type: 'enqueued', folderId, items })
      },
      onError: (error) => {
        this.logError('could not store watched files', error)
      },
      onMoved: (itemIds) => deps.moved?.(itemIds),
      ...(deps.batchMax === undefined ? {} : { maxBatch: deps.batchMax }),
      windowMs: this.timings.batchWindowMs,
    })
  }

  get running(): boolean {
    return this.watching
  }

  on(listener: WatchListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The persisted watch list (enabled or not). */
  folders(): Promise<WatchFolder[]> {
    return this.list.list()
  }

  status(): FolderStatus[] {
    return [...this.watchers.values()].map((w) => w.status())
  }

  /** Adds (or reconfigures) a folder; watches it at once if the service runs and it is enabled. */
  async addFolder(path: string, input: WatchFolderInput = {}): Promise<Result<WatchFolder>> {
    const absolute = resolve(path)
    try {
      if (!(await stat(absolute)).isDirectory()) {
        return err(
          appError('UNSUPPORTED_INPUT', `${absolute} is a file. Choose a folder to watch.`, false, {
            reason: 'watch-file',
            path: absolute,
          }),
        )
      }
    } catch {
      return err(
        appError(
          'FILE_NOT_FOUND',
          `There is no folder at ${absolute}. Check the path and try again.`,
          false,
          { reason: 'missing', path: absolute },
        ),
      )
    }
    const folder = await this.list.upsert(absolute, input)
    if (this.running) {
      await this.unwatch(folder.id)
      if (folder.enabled) this.watchFolder(folder)
    }
    return ok(folder)
  }

  async removeFolder(id: number): Promise<boolean> {
    await this.unwatch(id)
    return this.list.remove(id)
  }

  async start(options: StartOptions = {}): Promise<void> {
    if (this.watching) return
    this.watching = true
    this.abort = new AbortController()
    // Every file settling or hashing listens on this signal; a burst legitimately has thousands.
    setMaxListeners(0, this.abort.signal)
    this.followOutside = (await this.deps.settings.get()).followSymlinks
    this.overrides = {
      ...(options.engine ? { engine: options.engine } : {}),
      ...(options.scenes ? { scenes: options.scenes } : {}),
    }
    if (!this.unsubscribe) {
      this.unsubscribe = this.deps.events.subscribe((event, payload) => {
        if (event === 'items:changed') this.onItems(payload as EventPayload<'items:changed'>)
      })
      for (const pending of await this.index.pendingItems()) {
        this.inflight.set(pending.itemId, pending.folderId)
      }
    }
    for (const folder of await this.list.list()) {
      if (options.only ? options.only.includes(folder.id) : folder.enabled) this.watchFolder(folder)
    }
  }

  /**
   * The followSymlinks setting changed: folders being watched are watched again under the new
   * rule (what they already indexed stays; newly reachable files are found by the new listing).
   */
  async followSymlinksChanged(): Promise<void> {
    const follow = (await this.deps.settings.get()).followSymlinks
    if (follow === this.followOutside) return
    this.followOutside = follow
    if (!this.watching) return
    for (const watcher of [...this.watchers.values()]) {
      await this.unwatch(watcher.folder.id)
      if (this.running) this.watchFolder(watcher.folder)
    }
  }

  /** Resolves once every file event seen so far is examined and written. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()])
    await this.batcher.flush()
  }

  /**
   * Stops watching; everything already seen is written before this resolves. Verdicts for items
   * already enqueued are still reported until close().
   */
  async stop(): Promise<void> {
    this.watching = false
    this.abort.abort()
    if (this.recheckTimer) clearTimeout(this.recheckTimer)
    this.recheckTimer = null
    await Promise.all([...this.watchers.keys()].map((id) => this.unwatch(id)))
    await this.idle()
  }

  async close(): Promise<void> {
    await this.stop()
    this.unsubscribe?.()
    this.unsubscribe = null
    this.inflight.clear()
  }

  private watchFolder(folder: WatchFolder): void {
    const watcher: FolderWatcher = new FolderWatcher(
      { ...folder, ...this.overridesFor() },
      {
        fileSeen: (path, initial) => {
          this.handleFile(watcher.folder, path, initial ? 'initial' : 'event')
        },
        fileGone: (path) => {
          this.handleGone(path)
        },
        dirAdded: (dir) => {
          void this.sweepNewDir(watcher.folder, dir)
        },
        listed: (seen) => void this.listed(watcher.folder, seen),
        lost: () =>
          void this.batcher
            .submit({ kind: 'index', op: { kind: 'folder-missing', folderId: folder.id } })
            .catch(() => undefined),
        sweep: () => this.sweep(watcher.folder),
        status: (status) => {
          this.emit({ type: 'folder', status })
        },
        notice: (message) => {
          this.deps.log?.warn('watch', { folder: folder.path, message })
          this.emit({ type: 'notice', folderId: folder.id, message })
        },
        error: (error) => {
          this.logError(`watching ${folder.path}`, error)
        },
      },
      {
        timings: this.timings,
        followOutside: this.followOutside,
        ...(this.deps.createWatcher ? { createWatcher: this.deps.createWatcher } : {}),
      },
    )
    this.watchers.set(folder.id, watcher)
    watcher.start()
  }

  private overridesFor(): Partial<Pick<WatchFolder, 'engine' | 'scenes'>> {
    return {
      ...(this.overrides.engine ? { engine: this.overrides.engine } : {}),
      ...(this.overrides.scenes ? { scenes: [...this.overrides.scenes] } : {}),
    }
  }

  private async unwatch(id: number): Promise<void> {
    const watcher = this.watchers.get(id)
    this.watchers.delete(id)
    await watcher?.close()
  }

  /** Work on one path runs in order, so an edit can never overtake the add it follows. */
  private onPath(path: string, work: () => Promise<void>): void {
    const previous = this.chains.get(path) ?? Promise.resolve()
    const next = previous
      .then(work)
      .catch((error: unknown) => {
        this.logError(`watching ${path}`, error)
      })
      .finally(() => {
        if (this.chains.get(path) !== next) return
        this.chains.delete(path)
        this.attempts.delete(path)
      })
    this.chains.set(path, next)
  }

  private handleFile(folder: WatchFolder, path: string, phase: Phase): void {
    if (this.abort.signal.aborted) return
    // Decided now: by the time the file settles the first listing may be done.
    const baseline = phase === 'initial' && folder.indexedAt === null && !folder.scanExisting
    const attempt = (this.attempts.get(path) ?? 0) + 1
    this.attempts.set(path, attempt)
    this.onPath(path, () => this.examine(folder, path, phase, baseline, attempt))
  }

  private handleGone(path: string, recheck = true): void {
    if (recheck) this.recheckLater(dirname(path))
    this.onPath(path, async () => {
      const row = await this.index.get(path)
      if (row?.state === 'present')
        await this.submit({ kind: 'index', op: { kind: 'missing', path } })
    })
  }

  /**
   * chokidar can drop an unlink when many files go at once: shortly after a delete, the other
   * indexed files of that folder are checked too (one stat each, debounced per burst).
   */
  private recheckLater(dir: string): void {
    this.recheckDirs.add(dir)
    if (this.recheckTimer) clearTimeout(this.recheckTimer)
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = null
      const dirs = [...this.recheckDirs]
      this.recheckDirs.clear()
      void this.recheck(dirs).catch((error: unknown) => {
        this.logError('rechecking', error)
      })
    }, this.timings.goneRecheckMs)
  }

  private async recheck(dirs: readonly string[]): Promise<void> {
    for (const dir of dirs) {
      for (const path of await this.index.presentIn(dir)) {
        if (this.abort.signal.aborted) return
        if (dirname(path) === dir && (await statFile(path)) === null) this.handleGone(path, false)
      }
    }
  }

  private async examine(
    folder: WatchFolder,
    path: string,
    phase: Phase,
    baseline: boolean,
    attempt: number,
  ) {
    const signal = this.abort.signal
    let info = await statFile(path)
    if (info === null || signal.aborted) return
    const row = await this.index.get(path)
    if (row?.state === 'present' && sameFile(row, info)) return
    if (phase !== 'event') {
      info = await waitUntilStable(path, this.timings.stableMs, signal)
      if (info === null) return
    }
    info = await this.untilComplete(path, info, attempt, signal)
    if (info === null) return
    const hashed = await this.hashWhenStill(path, info, attempt, signal)
    if (hashed === null) return
    const { sha } = hashed
    info = hashed.info
    const file = {
      path,
      folderId: folder.id,
      size: info.size,
      mtimeMs: Math.trunc(info.mtimeMs),
      state: 'present' as const,
    }
    // Touched, or back after the folder (or the file) went away: same content, nothing to do.
    if (row?.sha256 === sha || baseline) {
      await this.submit({
        kind: 'index',
        op: {
          kind: 'put',
          file: { ...file, sha256: sha, itemId: baseline ? null : (row?.itemId ?? null) },
        },
      })
      return
    }
    const source = await this.moveSource(sha, path)
    if (source) {
      this.claimed.add(source.path)
      try {
        await this.submit({ kind: 'index', op: { kind: 'move', from: source.path, file } })
      } finally {
        this.claimed.delete(source.path)
      }
      return
    }
    await this.submit({
      kind: 'enqueue',
      request: { ...file, sha256: sha, engine: folder.engine, scenes: folder.scenes },
    })
  }

  /**
   * A settled file is still not a whole image while its writer pauses longer than the quiet
   * window (a slow copy, a sync client): enqueued now, it would fail as cut short, and each later
   * part again. So it waits for the next change and is checked again, until it is whole, a newer
   * event on the path supersedes this attempt, or `incompleteLimitMs` passes without a change
   * (then it is enqueued as it is, and the scan says it is damaged). Null: gone, stopped, or
   * superseded.
   */
  private async untilComplete(
    path: string,
    info: Stats,
    attempt: number,
    signal: AbortSignal,
  ): Promise<Stats | null> {
    const { incompleteLimitMs: limitMs, recheckMs } = this.timings
    let current = info
    let deadline = Date.now() + limitMs
    while (!(await looksComplete(path))) {
      for (;;) {
        if (Date.now() >= deadline) {
          this.deps.log?.warn('watch', {
            path,
            message: 'not a whole image yet, and unchanged for a while: scanned as it is',
          })
          return current
        }
        try {
          await sleep(recheckMs, undefined, { signal })
        } catch {
          return null
        }
        if (this.attempts.get(path) !== attempt) return null
        const now = await statFile(path)
        if (now === null) return null
        if (now.size !== current.size || now.mtimeMs !== current.mtimeMs) break
      }
      // The writer resumed: let it finish this part, then look again.
      const settled = await waitUntilStable(path, this.timings.stableMs, signal)
      if (settled === null || this.attempts.get(path) !== attempt) return null
      current = settled
      deadline = Date.now() + limitMs
    }
    return current
  }

  /** Hashes the file, and again after it settles if it changed underneath (a writer resumed). */
  private async hashWhenStill(
    path: string,
    info: Stats,
    attempt: number,
    signal: AbortSignal,
  ): Promise<{ sha: string; info: Stats } | null> {
    let before: Stats | null = info
    while (before !== null) {
      const sha = await this.limiter.run(() => sha256File(path, signal).catch(() => null))
      const after = await statFile(path)
      if (after === null || signal.aborted) return null
      if (
        sha !== null &&
        sameFile({ size: before.size, mtimeMs: Math.trunc(before.mtimeMs) }, after)
      ) {
        return { sha, info: after }
      }
      const settled = await waitUntilStable(path, this.timings.stableMs, signal)
      before = settled && (await this.untilComplete(path, settled, attempt, signal))
    }
    return null
  }

  /**
   * A folder's sweeps walk as chokidar watches (linkIgnored): links stay inside it unless the
   * setting says otherwise, and an image reached through a link to a place inside is skipped,
   * since it is watched under its own path.
   */
  private async sweepWalk(folder: WatchFolder, dir: string): Promise<AsyncGenerator<WalkEvent>> {
    const rootReal = await realFolder(folder.path)
    const inside = new Set([rootReal])
    const walk = walkFolder(dir, new Set(), {
      signal: this.abort.signal,
      chosen: (real) => Promise.resolve(isWithin(real, inside)),
      followOutside: this.followOutside,
    })
    return (async function* () {
      for await (const event of walk) {
        const direct = join(rootReal, relative(folder.path, event.path))
        if (event.type === 'image' && event.key !== direct && isWithin(event.key, inside)) continue
        yield event
      }
    })()
  }

  /** A path that held this content and no longer exists: the file was renamed or moved here. */
  private async moveSource(sha: string, path: string): Promise<IndexedFile | undefined> {
    for (const candidate of await this.index.withHash(sha, path)) {
      if (this.claimed.has(candidate.path)) continue
      if (candidate.state === 'missing' || !(await exists(candidate.path))) return candidate
    }
    return undefined
  }

  private submit(entry: BatchEntry): Promise<void> {
    return this.batcher.submit(entry)
  }

  /** After the first listing: indexed files it did not find were deleted while we were away. */
  private async listed(folder: WatchFolder, seen: ReadonlySet<string>): Promise<void> {
    try {
      for (const path of await this.index.presentPaths(folder.id)) {
        if (!seen.has(path)) this.handleGone(path)
      }
      if (folder.indexedAt === null) {
        await this.list.markIndexed(folder.id)
        folder.indexedAt = Date.now()
      }
    } catch (error) {
      this.logError(`listing ${folder.path}`, error)
    }
  }

  /**
   * chokidar can miss files written into a folder in the instant it is created (before its watch
   * is set up): walk the new folder once it has had time to settle and catch any it missed. Files
   * chokidar did report are known by then, or are serialised behind their own event.
   */
  private async sweepNewDir(folder: WatchFolder, dir: string): Promise<void> {
    try {
      await sleep(this.timings.newDirSweepMs, undefined, { signal: this.abort.signal })
      for await (const event of await this.sweepWalk(folder, dir)) {
        if (event.type !== 'image' || isIgnoredName(basename(event.path))) continue
        if (!folder.recursive && dirname(event.path) !== folder.path) continue
        await this.examineIfUnknown(folder, event.path)
      }
    } catch (error) {
      if (!this.abort.signal.aborted) this.logError(`listing ${dir}`, error)
    }
  }

  private async examineIfUnknown(folder: WatchFolder, path: string): Promise<void> {
    if (this.chains.has(path)) return
    const row = await this.index.get(path)
    const info = await statFile(path)
    if (info && !(row?.state === 'present' && sameFile(row, info))) {
      this.handleFile(folder, path, 'sweep')
    }
  }

  /** A full re-walk, for shares whose events are unreliable; reuses the scan's folder walk. */
  private async sweep(folder: WatchFolder): Promise<void> {
    const seen = new Set<string>()
    for await (const event of await this.sweepWalk(folder, folder.path)) {
      if (event.type === 'error' && event.path === folder.path) return
      if (event.type !== 'image' || isIgnoredName(basename(event.path))) continue
      if (!folder.recursive && dirname(event.path) !== folder.path) continue
      seen.add(event.path)
      await this.examineIfUnknown(folder, event.path)
    }
    if (this.abort.signal.aborted) return
    for (const path of await this.index.presentPaths(folder.id)) {
      if (!seen.has(path)) this.handleGone(path)
    }
  }

  private onItems(payload: EventPayload<'items:changed'>): void {
    const blocked: { folderId: number; item: Item }[] = []
    for (const item of payload.upserted) {
      const folderId = this.inflight.get(item.id)
      if (folderId === undefined || !isFinalState(item.state)) continue
      this.inflight.delete(item.id)
      this.emit({ type: 'verdict', folderId, item })
      if (item.state === 'done' && item.suggestion === 'block') blocked.push({ folderId, item })
    }
    if (blocked.length === 0) return
    void this.deps.settings.get().then(
      (settings) => {
        if (!settings.notifyOnBlock) return
        for (const b of blocked) this.emit({ type: 'blocked', ...b })
      },
      (error: unknown) => {
        this.logError('reading settings', error)
      },
    )
  }

  private emit(event: WatchEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // One host's failing listener must not silence the others.
      }
    }
  }

  private logError(what: string, error: unknown): void {
    this.deps.log?.error(what, { message: error instanceof Error ? error.message : String(error) })
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
