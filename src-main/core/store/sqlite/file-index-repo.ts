import { sep } from 'node:path'
import type { IndexedFile, IndexOp, WatchFileIndex } from '../ports/watch-index'
import type { Database } from './database'

interface FileRow {
  path: string
  folder_id: number
  size: number
  mtime_ms: number
  sha256: string | null
  state: 'present' | 'missing'
  item_id: number | null
}

function fromRow(row: FileRow): IndexedFile {
  return {
    path: row.path,
    folderId: row.folder_id,
    size: row.size,
    mtimeMs: row.mtime_ms,
    sha256: row.sha256,
    state: row.state,
    itemId: row.item_id,
  }
}

const FINAL = "('done', 'failed', 'cancelled')"

export class FileIndexRepo implements WatchFileIndex {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async get(path: string): Promise<IndexedFile | undefined> {
    const row = await this.db.get<FileRow>('SELECT * FROM watch_files WHERE path = ?', [path])
    return row ? fromRow(row) : undefined
  }

  /** Other paths that held exactly this content: where a renamed file may have come from. */
  async withHash(sha256: string, exceptPath: string): Promise<IndexedFile[]> {
    const rows = await this.db.all<FileRow>(
      'SELECT * FROM watch_files WHERE sha256 = ? AND path != ? LIMIT 50',
      [sha256, exceptPath],
    )
    return rows.map(fromRow)
  }

  async presentPaths(folderId: number): Promise<string[]> {
    const rows = await this.db.all<{ path: string }>(
      "SELECT path FROM watch_files WHERE folder_id = ? AND state = 'present'",
      [folderId],
    )
    return rows.map((r) => r.path)
  }

  /** Present files at or below `dir` (the caller filters to direct children if it must). */
  async presentIn(dir: string): Promise<string[]> {
    const base = dir.endsWith(sep) ? dir.slice(0, -1) : dir
    const prefix = base + sep
    // A range, not LIKE (paths may hold % and _): everything from "dir/" up to "dir0", the
    // character after the separator, which is exact under SQLite's byte-wise text order.
    const end = base + String.fromCharCode(sep.charCodeAt(0) + 1)
    const rows = await this.db.all<{ path: string }>(
      "SELECT path FROM watch_files WHERE path >= ? AND path < ? AND state = 'present'",
      [prefix, end],
    )
    return rows.map((r) => r.path)
  }

  async list(folderId?: number): Promise<IndexedFile[]> {
    const rows = await this.db.all<FileRow>(
      folderId === undefined
        ? 'SELECT * FROM watch_files ORDER BY path'
        : 'SELECT * FROM watch_files WHERE folder_id = ? ORDER BY path',
      folderId === undefined ? [] : [folderId],
    )
    return rows.map(fromRow)
  }

  /** Items the watcher enqueued that have no verdict yet (to report them after a restart). */
  async pendingItems(): Promise<{ itemId: number; folderId: number }[]> {
    return this.db.all<{ itemId: number; folderId: number }>(
      `SELECT f.item_id AS itemId, f.folder_id AS folderId FROM watch_files f
       JOIN items i ON i.id = f.item_id WHERE i.state NOT IN ${FINAL}`,
    )
  }

  /** Writes every op in one transaction, in order. */
  /** Applies the ops in one transaction; returns the ids of items whose file was renamed. */
  async apply(ops: readonly IndexOp[]): Promise<number[]> {
    if (ops.length === 0) return []
    const at = this.now()
    const moved: number[] = []
    await this.db.write(async () => {
      for (const op of ops) {
        switch (op.kind) {
          case 'put':
            await this.put(op.file, at)
            break
          case 'move': {
            const from = await this.get(op.from)
            await this.db.run('DELETE FROM watch_files WHERE path = ?', [op.from])
            await this.put(
              { ...op.file, sha256: from?.sha256 ?? null, itemId: from?.itemId ?? null },
              at,
            )
            // The item follows its file in the same transaction, so a reviewer (and an export)
            // sees where the image is now. Only if it still names the old path: an item added
            // by hand under another name keeps that name.
            if (from?.itemId != null) {
              const { changes } = await this.db.run(
                'UPDATE items SET source = ?, updated_at = ? WHERE id = ? AND source = ?',
                [op.file.path, at, from.itemId, op.from],
              )
              if (changes > 0) moved.push(from.itemId)
            }
            break
          }
          case 'missing':
            await this.db.run(
              "UPDATE watch_files SET state = 'missing', updated_at = ? WHERE path = ?",
              [at, op.path],
            )
            break
          case 'folder-missing':
            await this.db.run(
              "UPDATE watch_files SET state = 'missing', updated_at = ? WHERE folder_id = ? AND state = 'present'",
              [at, op.folderId],
            )
            break
        }
      }
    })
    return moved
  }

  private async put(file: IndexedFile, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO watch_files (path, folder_id, size, mtime_ms, sha256, state, item_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET folder_id = excluded.folder_id, size = excluded.size,
         mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256, state = excluded.state,
         item_id = excluded.item_id, updated_at = excluded.updated_at`,
      [file.path, file.folderId, file.size, file.mtimeMs, file.sha256, file.state, file.itemId, at],
    )
  }
}
