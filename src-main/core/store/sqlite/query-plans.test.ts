import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ItemFilter, ItemSort } from '../../../../src-shared/domain'
import { pageQuery } from './items-repo'
import { openStore, type SqliteStore } from './open-store'

let dir: string
let store: SqliteStore

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-query-plans-'))
  store = await openStore(dir)
  await store.watch.folders.upsert('/w')
})

afterAll(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

/** SQLite's plan for the list's query, one step a line. */
async function plan(filter: ItemFilter, sort: ItemSort = 'newest'): Promise<string> {
  const { sql, params } = pageQuery(filter, sort)
  const rows = await store.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)
  return rows.map((r) => r.detail).join('\n')
}

// Speed at 100k items is `npm run bench:store`'s; these pin that each query reads an index
// (docs/architecture.md §6, "Finding things"), so a lost index fails here, not in a user's hands.
describe('the list reads indexes, never a sort of the whole table', () => {
  it.each([
    ['newest', 'items_by_created'],
    ['oldest', 'items_by_created'],
    ['name', 'items_by_name'],
    ['risk', 'items_by_risk'],
  ] as const)('sorted by %s through %s', async (sort, index) => {
    const steps = await plan({}, sort)
    expect(steps).toContain(index)
    expect(steps).not.toContain('TEMP B-TREE')
  })

  it('filters through their indexes', async () => {
    expect(await plan({ corrected: true })).toContain('items_corrected')
    expect(await plan({ label: 'sexy' })).toContain('item_tags')
    expect(await plan({ watchedFolderId: 1 })).toContain('items_by_source')
    expect(await plan({ states: ['failed'] })).toMatch(/items_by_state_created|items_by_created/)
  })
})
