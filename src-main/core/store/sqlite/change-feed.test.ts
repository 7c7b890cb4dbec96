import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newFileItem } from '../../../../tests/fixtures/items'
import type { ChangeBatch } from '../ports/change-feed'
import { SqliteChangeFeed } from './change-feed'
import { DATABASE_FILE, openStore, type SqliteStore } from './open-store'

let dir: string
/** This process's connection, and another process's. */
let mine: SqliteStore
let theirs: SqliteStore
let feed: SqliteChangeFeed
let batches: ChangeBatch[]

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-feed-'))
  mine = await openStore(dir)
  theirs = await openStore(dir)
  // Polled by hand: a timer never fires inside these tests.
  feed = await SqliteChangeFeed.open({
    file: join(dir, DATABASE_FILE),
    writer: mine.db,
    pollMs: 3_600_000,
  })
  batches = []
  feed.follow((batch) => {
    batches.push(batch)
  })
})

afterEach(async () => {
  await feed.close()
  await mine.close()
  await theirs.close()
  rmSync(dir, { recursive: true, force: true })
})

async function head(): Promise<number> {
  const row = await theirs.db.get<{ seq: number }>('SELECT MAX(seq) AS seq FROM changes')
  return row?.seq ?? 0
}

describe('the SQLite change feed', () => {
  it("its position is the changes table's last row, once another connection's commit was read", async () => {
    await theirs.items.insertMany([newFileItem('/a.jpg'), newFileItem('/b.jpg')])
    await mine.settings.set({ language: 'zh-CN' })
    await feed.poll()
    expect(feed.position).toBe(await head())
    expect(batches.at(-1)?.position).toBe(await head())
    // Nothing committed since: the poll hands over nothing.
    await feed.poll()
    expect(batches).toHaveLength(1)
  })

  it('keeps the last 10,000 changes, and a reader that fell further behind catches up', async () => {
    const [item] = await theirs.items.insertMany([newFileItem('/a.jpg')])
    // 12,000 changes later, the insert is long pruned.
    await theirs.db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
      INSERT INTO changes (kind) SELECT 'settings' FROM n`)
    const kept = await theirs.db.get<{ n: number; first: number }>(
      'SELECT COUNT(*) AS n, MIN(seq) AS first FROM changes',
    )
    expect(kept?.n).toBeGreaterThanOrEqual(10_000)
    expect(kept?.n).toBeLessThan(10_500)
    expect(kept?.first).toBeGreaterThan(1)
    for (let read = 0; read < 10; read++) await feed.poll()
    expect(batches.flatMap((b) => b.items)).toContain(item?.id)
    expect(feed.position).toBe(await head())
  })
})
