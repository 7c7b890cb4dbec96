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
  it("sees another connection's commits: the items it changed, and the kinds", async () => {
    const [a, b] = await theirs.items.insertMany([newFileItem('/a.jpg'), newFileItem('/b.jpg')])
    await theirs.items.update(a?.id ?? -1, { state: 'hashing' })
    await theirs.settings.set({ language: 'zh-CN' })
    await feed.poll()
    expect(batches).toHaveLength(1)
    expect(batches[0]?.items).toEqual([a?.id, b?.id])
    expect([...(batches[0]?.others ?? [])].sort()).toEqual(['items', 'settings'])
    expect(batches[0]?.position).toBe(await head())
    expect(feed.position).toBe(await head())
  })

  it('reports its own changes once, as its own: no item comes back to be announced again', async () => {
    const [own] = await mine.items.insertMany([newFileItem('/own.jpg')])
    await mine.items.update(own?.id ?? -1, { state: 'done' })
    await mine.settings.set({ language: 'zh-CN' })
    const [other] = await theirs.items.insertMany([newFileItem('/other.jpg')])
    await feed.poll()
    await feed.poll()
    expect(batches).toHaveLength(1)
    expect(batches[0]?.items).toEqual([other?.id])
    expect([...(batches[0]?.others ?? [])]).toEqual(['items'])
    // Settings have no other announcer: anyone's change to them is in `any`.
    expect([...(batches[0]?.any ?? [])].sort()).toEqual(['items', 'settings'])
    expect(feed.position).toBe(await head())
  })

  it('records what no trigger sees (the keychain) for every process to read', async () => {
    const other = await SqliteChangeFeed.open({
      file: join(dir, DATABASE_FILE),
      writer: theirs.db,
      pollMs: 3_600_000,
    })
    try {
      await other.record('credentials')
      await feed.poll()
      expect([...(batches[0]?.others ?? [])]).toEqual(['credentials'])
    } finally {
      await other.close()
    }
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
