import type { ItemState } from '../../../../src-shared/domain'
import type { ItemRemoval, Removal, RemovalTarget } from '../ports/item-removal'
import { RUNNING_STATES } from '../ports/queue-store'
import type { Database, SqlParam } from './database'
import { whereClause } from './items-repo'

const RUNNING = RUNNING_STATES.map((s) => `'${s}'`).join(', ')

/** Items a decision still in its grace period (or being sent) names: sending it reads them. */
const DECIDING = `id IN (SELECT CAST(j.value AS INTEGER)
  FROM decisions AS d JOIN decision_images AS di ON di.decision_id = d.id, json_each(di.item_ids) AS j
  WHERE d.state IN ('pending', 'sending'))`

/** Removal in SQLite: what it keeps is chosen and the rest deleted in one transaction. */
export class ItemRemovalRepo implements ItemRemoval {
  constructor(private readonly db: Database) {}

  async remove(target: RemovalTarget): Promise<Removal> {
    return this.db.write(async () => {
      const removal = { removed: [] as number[], running: 0, deciding: 0 }
      for (const scope of scopes(target)) {
        const rows = await this.db.all<{ id: number; state: ItemState; deciding: 0 | 1 }>(
          `SELECT id, state, ${DECIDING} AS deciding FROM items ${scope.sql}`,
          scope.params,
        )
        const removable: number[] = []
        for (const row of rows) {
          if (RUNNING_STATES.includes(row.state)) removal.running += 1
          else if (row.deciding === 1) removal.deciding += 1
          else removable.push(row.id)
        }
        for (let i = 0; i < removable.length; i += 500) {
          const part = removable.slice(i, i + 500)
          // Guarded again by state: the rows were read in this transaction, but the rule stays
          // in the statement that deletes.
          await this.db.run(
            `DELETE FROM items WHERE id IN (${part.map(() => '?').join(', ')})
             AND state NOT IN (${RUNNING})`,
            part,
          )
        }
        removal.removed.push(...removable)
      }
      return removal
    })
  }
}

/** The target as WHERE clauses: ids a chunk at a time (SQLite caps bound parameters). */
function scopes(target: RemovalTarget): { sql: string; params: SqlParam[] }[] {
  if ('filter' in target) return [whereClause(target.filter)]
  const ids = [...new Set(target.ids)]
  const out: { sql: string; params: SqlParam[] }[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500)
    out.push({ sql: `WHERE id IN (${part.map(() => '?').join(', ')})`, params: part })
  }
  return out
}
