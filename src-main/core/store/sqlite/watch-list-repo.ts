import type { EngineChoice, Scene } from '../../../../src-shared/domain'
import type { WatchFolder, WatchFolderInput, WatchFolderList } from '../ports/watch-index'
import type { Database } from './database'

interface FolderRow {
  id: number
  path: string
  enabled: number
  recursive: number
  engine: EngineChoice | null
  scenes: string | null
  scan_existing: number
  sweep_ms: number | null
  indexed_at: number | null
}

function fromRow(row: FolderRow): WatchFolder {
  return {
    id: row.id,
    path: row.path,
    enabled: row.enabled === 1,
    recursive: row.recursive === 1,
    engine: row.engine,
    scenes: row.scenes === null ? null : (JSON.parse(row.scenes) as Scene[]),
    scanExisting: row.scan_existing === 1,
    sweepMs: row.sweep_ms,
    indexedAt: row.indexed_at,
  }
}

/** The persisted watch list. Paths are stored as given (absolute, resolved by the caller). */
export class WatchListRepo implements WatchFolderList {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<WatchFolder[]> {
    const rows = await this.db.all<FolderRow>('SELECT * FROM watch_folders ORDER BY id')
    return rows.map(fromRow)
  }

  async get(id: number): Promise<WatchFolder | undefined> {
    const row = await this.db.get<FolderRow>('SELECT * FROM watch_folders WHERE id = ?', [id])
    return row ? fromRow(row) : undefined
  }

  async byPath(path: string): Promise<WatchFolder | undefined> {
    const row = await this.db.get<FolderRow>('SELECT * FROM watch_folders WHERE path = ?', [path])
    return row ? fromRow(row) : undefined
  }

  /** Adds the folder, or updates the given fields of the one already listed at that path. */
  async upsert(path: string, input: WatchFolderInput = {}): Promise<WatchFolder> {
    const existing = await this.byPath(path)
    const merged = {
      enabled: true,
      recursive: true,
      engine: null,
      scenes: null,
      scanExisting: true,
      sweepMs: null,
      ...(existing ?? {}),
      ...input,
    }
    const at = this.now()
    await this.db.write(() =>
      this.db.run(
        `INSERT INTO watch_folders
           (path, enabled, recursive, engine, scenes, scan_existing, sweep_ms, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET enabled = excluded.enabled, recursive = excluded.recursive,
           engine = excluded.engine, scenes = excluded.scenes, scan_existing = excluded.scan_existing,
           sweep_ms = excluded.sweep_ms, updated_at = excluded.updated_at`,
        [
          path,
          merged.enabled ? 1 : 0,
          merged.recursive ? 1 : 0,
          merged.engine,
          merged.scenes === null ? null : JSON.stringify(merged.scenes),
          merged.scanExisting ? 1 : 0,
          merged.sweepMs,
          at,
          at,
        ],
      ),
    )
    const stored = await this.byPath(path)
    if (!stored) throw new Error(`watch folder ${path} was not stored`)
    return stored
  }

  async markIndexed(id: number): Promise<void> {
    await this.db.write(() =>
      this.db.run('UPDATE watch_folders SET indexed_at = ? WHERE id = ? AND indexed_at IS NULL', [
        this.now(),
        id,
      ]),
    )
  }

  /** Forgets the folder and its file index; the items it produced stay (history is kept). */
  async remove(id: number): Promise<boolean> {
    const { changes } = await this.db.write(async () => {
      await this.db.run('DELETE FROM watch_files WHERE folder_id = ?', [id])
      return this.db.run('DELETE FROM watch_folders WHERE id = ?', [id])
    })
    return changes > 0
  }
}
