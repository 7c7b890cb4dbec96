import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database } from './database'
import { migrate, MIGRATIONS } from './migrations'

let dir: string
let db: Database

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-query-columns-'))
  db = await Database.open(join(dir, 'greenlight.sqlite'))
})

afterEach(async () => {
  await db.close()
  rmSync(dir, { recursive: true, force: true })
})

const RESULTS = JSON.stringify([
  { scene: 'porn', label: 'sexy', suggestion: 'review', rate: 72.5 },
  { scene: 'qrcode', label: 'normal', suggestion: 'pass', rate: 99 },
])

async function insertOld(source: string, results: string, feedback: string | null = null) {
  await db.run(
    `INSERT INTO items (source_kind, source, engine, scenes, state, results, feedback, created_at, updated_at)
     VALUES ('file', ?, 'local', '["porn","qrcode"]', 'done', ?, ?, 0, 0)`,
    [source, results, feedback],
  )
}

describe('migration 12: query columns', () => {
  it('backfills name, risk and tags for items written before it, and tolerates broken JSON', async () => {
    await migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 12),
    )
    await insertOld('/old/Photo.JPG', RESULTS)
    await insertOld('C:\\pics\\win.png', '[]')
    await insertOld('/old/broken.jpg', '{not json', '{also not')
    const changesBefore = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM changes')
    await migrate(db)
    const rows = await db.all<{ name: string; risk: number | null }>(
      'SELECT name, risk FROM items ORDER BY id',
    )
    expect(rows).toEqual([
      { name: 'Photo.JPG', risk: 72.5 },
      { name: 'win.png', risk: null },
      { name: 'broken.jpg', risk: null },
    ])
    const tags = await db.all<{ kind: string; value: string; item_id: number }>(
      'SELECT kind, value, item_id FROM item_tags ORDER BY kind, value',
    )
    expect(tags).toEqual([
      { kind: 'label', value: 'sexy', item_id: 1 },
      { kind: 'scene', value: 'porn', item_id: 1 },
    ])
    // The backfill is no change a reader must hear about.
    const changesAfter = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM changes')
    expect(changesAfter?.n).toBe(changesBefore?.n)
  })

  it('keeps the columns current through later writes, renames and deletes', async () => {
    await migrate(db)
    await insertOld('/a/one.jpg', '[]')
    await db.run('UPDATE items SET results = ? WHERE id = 1', [RESULTS])
    expect(await db.get('SELECT name, risk FROM items')).toEqual({ name: 'one.jpg', risk: 72.5 })
    await db.run('UPDATE items SET source = ? WHERE id = 1', ['/a/two.jpg'])
    expect(await db.get('SELECT name FROM items')).toEqual({ name: 'two.jpg' })
    await db.run('DELETE FROM items WHERE id = 1')
    expect(await db.get('SELECT COUNT(*) AS n FROM item_tags')).toEqual({ n: 0 })
  })
})
