import type { Scene, SceneResult } from '../../../../src-shared/domain'
import type { CachedScene, VerdictCache, VerdictKey } from '../ports/verdict-cache'
import type { Database, SqlParam } from './database'

interface VerdictRow {
  scene: Scene
  result: string | null
  task_id: string | null
}

/**
 * Dedupe by content (docs/architecture.md §4): a verdict already paid for is reused for the same bytes,
 * engine, scene and bizType, with no call and no charge. Only done results are stored here.
 */
export class VerdictCacheRepo implements VerdictCache {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached scenes among `scenes`; a scene missing from the answer must be scanned. */
  async lookup(key: VerdictKey, scenes: readonly Scene[]): Promise<CachedScene[]> {
    if (scenes.length === 0) return []
    const rows = await this.db.all<VerdictRow>(
      `SELECT scene, result, task_id FROM verdicts
       WHERE sha256 = ? AND engine = ? AND biz_type = ? AND scene IN (${scenes.map(() => '?').join(', ')})`,
      [key.sha256, key.engine, key.bizType ?? '', ...scenes],
    )
    const cached: CachedScene[] = []
    for (const row of rows) {
      if (row.result === null) {
        cached.push({ scene: row.scene, result: null, taskId: null })
        continue
      }
      const result = parseResult(row.result)
      // A damaged entry is no verdict: the scene is judged again rather than failing the image.
      if (result !== null) cached.push({ scene: row.scene, result, taskId: row.task_id })
    }
    return cached
  }

  /** Stores one finished image's scenes (results, and the scenes it could not judge) at once. */
  async store(
    key: VerdictKey,
    results: readonly SceneResult[],
    unsupported: readonly Scene[],
    taskId: string | null,
  ): Promise<void> {
    const rows: SqlParam[][] = [
      ...results.map((r) => [r.scene, JSON.stringify(r), taskId]),
      ...unsupported.map((scene) => [scene, null, null]),
    ]
    if (rows.length === 0) return
    const at = this.now()
    await this.db.write(async () => {
      for (const [scene, result, task] of rows) {
        await this.db.run(
          `INSERT OR REPLACE INTO verdicts (sha256, engine, scene, biz_type, result, task_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [
            key.sha256,
            key.engine,
            scene ?? null,
            key.bizType ?? '',
            result ?? null,
            task ?? null,
            at,
          ],
        )
      }
    })
  }

  async count(): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM verdicts')
    return row?.n ?? 0
  }
}

function parseResult(text: string): SceneResult | null {
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null ? (value as SceneResult) : null
  } catch {
    return null
  }
}
