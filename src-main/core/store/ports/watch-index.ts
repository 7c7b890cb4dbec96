import type { EngineChoice, Scene } from '../../../../src-shared/domain'

/** One watched folder as the user configured it. */
export interface WatchFolder {
  id: number
  path: string
  enabled: boolean
  recursive: boolean
  /** null: the engine from settings at the time each file is enqueued. */
  engine: EngineChoice | null
  /** null: the scenes from settings. */
  scenes: Scene[] | null
  /** Scan the files already there the first time the folder is watched. */
  scanExisting: boolean
  /** A full re-walk this often (network shares, where events are unreliable); null: off. */
  sweepMs: number | null
  /** When the first full listing was indexed; null until then (scanExisting applies only then). */
  indexedAt: number | null
}

export type WatchFolderInput = Partial<Omit<WatchFolder, 'id' | 'path' | 'indexedAt'>>

/** What a watched path held the last time the watcher looked at it. */
export interface IndexedFile {
  path: string
  folderId: number
  size: number
  mtimeMs: number
  sha256: string | null
  state: 'present' | 'missing'
  /** The item its current content was enqueued as (null: indexed without scanning). */
  itemId: number | null
}

/** One change to the index; a batch of them is written at once. */
export type IndexOp =
  | { kind: 'put'; file: IndexedFile }
  /** A rename or move: the row (and its item) follows the content to its new path. */
  | { kind: 'move'; from: string; file: Omit<IndexedFile, 'itemId' | 'sha256'> }
  | { kind: 'missing'; path: string }
  | { kind: 'folder-missing'; folderId: number }

/** The persisted watch list. Paths are stored as given (absolute, resolved by the caller). */
export interface WatchFolderList {
  /** In the order they were added. */
  list(): Promise<WatchFolder[]>
  get(id: number): Promise<WatchFolder | undefined>
  byPath(path: string): Promise<WatchFolder | undefined>
  /** Adds the folder, or updates the given fields of the one already listed at that path. */
  upsert(path: string, input?: WatchFolderInput): Promise<WatchFolder>
  /** Records the first full listing (only the first time). */
  markIndexed(id: number): Promise<void>
  /** Forgets the folder and its file index; the items it produced stay. */
  remove(id: number): Promise<boolean>
}

/** The watcher's memory of every file it saw, by path. */
export interface WatchFileIndex {
  get(path: string): Promise<IndexedFile | undefined>
  /** Other paths that held exactly this content (at most 50): where a renamed file came from. */
  withHash(sha256: string, exceptPath: string): Promise<IndexedFile[]>
  presentPaths(folderId: number): Promise<string[]>
  /** Present files at or below `dir`, whatever characters the paths hold. */
  presentIn(dir: string): Promise<string[]>
  /** By path. */
  list(folderId?: number): Promise<IndexedFile[]>
  /** Items the watcher enqueued that have no verdict yet (to report them after a restart). */
  pendingItems(): Promise<{ itemId: number; folderId: number }[]>
  /**
   * Applies the ops at once, in order; returns the ids of items whose file was renamed (a moved
   * item's source follows its file, unless it was added under another name).
   */
  apply(ops: readonly IndexOp[]): Promise<number[]>
}

/** Watched folders and the index of the files in them (watch/watch-service.ts). */
export interface WatchIndex {
  readonly folders: WatchFolderList
  readonly files: WatchFileIndex
}
