import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database } from './database'
import { currentVersion, migrate, MIGRATIONS, type Migration } from './migrations'
import { openStore, type SqliteStore } from './open-store'

let dir: string
let store: SqliteStore

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-store-'))
  store = await openStore(dir)
})

afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('openStore', () => {
  it('uses WAL and the latest schema version', async () => {
    const mode = await store.db.get<{ journal_mode: string }>('PRAGMA journal_mode')
    expect(mode?.journal_mode).toBe('wal')
    expect(await currentVersion(store.db)).toBe(MIGRATIONS.at(-1)?.version)
  })

  it('keeps items across a reopen', async () => {
    await store.items.insertMany([
      { sourceKind: 'file', source: '/photos/猫.jpg', engine: 'local', scenes: ['porn'] },
    ])
    await store.close()
    store = await openStore(dir)
    const page = await store.items.list(0, 10, {})
    expect(page.total).toBe(1)
    expect(page.items[0]?.source).toBe('/photos/猫.jpg')
    expect(page.items[0]?.state).toBe('queued')
  })

  it('refuses a database written by a newer build instead of corrupting it', async () => {
    await store.db.exec('PRAGMA user_version = 99')
    await store.close()
    await expect(openStore(dir)).rejects.toThrow(/newer Greenlight/)
    store = await openStore(join(dir, 'other'))
  })
})

describe('migrate', () => {
  it('applies only migrations newer than the file, in order', async () => {
    const db = await Database.open(join(dir, 'm.sqlite'))
    const steps: Migration[] = [
      { version: 1, description: 'a', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, description: 'b', sql: 'CREATE TABLE b (x INTEGER)' },
    ]
    expect(await migrate(db, steps.slice(0, 1))).toBe(1)
    expect(await migrate(db, steps)).toBe(2)
    const tables = await db.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )
    expect(tables.map((t) => t.name)).toEqual(['a', 'b'])
    await db.close()
  })

  it('rolls back a failing migration so the version does not advance', async () => {
    const db = await Database.open(join(dir, 'bad.sqlite'))
    const steps: Migration[] = [
      { version: 1, description: 'broken', sql: 'CREATE TABLE t (x); SELECT nope FROM missing' },
    ]
    await expect(migrate(db, steps)).rejects.toThrow()
    expect(await currentVersion(db)).toBe(0)
    const tables = await db.all('SELECT name FROM sqlite_master WHERE name = ?', ['t'])
    expect(tables).toEqual([])
    await db.close()
  })
})

describe('ItemsRepo', () => {
  it('pages newest first and filters by state, suggestion, scene and search', async () => {
    const items = await store.items.insertMany(
      ['a.jpg', 'b_%.jpg', 'c.png'].map((name, i) => ({
        sourceKind: 'file' as const,
        source: `/p/${name}`,
        engine: 'local' as const,
        scenes: i === 2 ? (['qrcode'] as const) : (['porn'] as const),
      })),
    )
    await store.items.update(items[0]!.id, { state: 'done', suggestion: 'block' })

    const firstPage = await store.items.list(0, 2, {})
    expect(firstPage.total).toBe(3)
    expect(firstPage.items.map((i) => i.source)).toEqual(['/p/c.png', '/p/b_%.jpg'])

    expect((await store.items.list(0, 10, { states: ['done'] })).items.map((i) => i.id)).toEqual([
      items[0]!.id,
    ])
    expect((await store.items.list(0, 10, { suggestions: ['block'] })).total).toBe(1)
    // A scene filter finds images with that scene flagged, not merely scanned for it.
    expect((await store.items.list(0, 10, { scene: 'qrcode' })).items).toEqual([])
    await store.items.update(items[2]!.id, {
      results: [{ scene: 'qrcode', label: 'qrcode', suggestion: 'review', rate: 90 }],
    })
    expect((await store.items.list(0, 10, { scene: 'qrcode' })).items.map((i) => i.source)).toEqual(
      ['/p/c.png'],
    )
    // `%` and `_` in a search are literal characters, not wildcards.
    expect((await store.items.list(0, 10, { search: '_%' })).items.map((i) => i.source)).toEqual([
      '/p/b_%.jpg',
    ])
  })

  it('round-trips results and errors through JSON columns', async () => {
    const [item] = await store.items.insertMany([
      { sourceKind: 'url', source: 'https://x/a.jpg', engine: 'green', scenes: ['qrcode'] },
    ])
    const updated = await store.items.update(item!.id, {
      state: 'failed',
      error: {
        code: 'DOWNLOAD_FAILED',
        message: 'Green could not download the URL.',
        retryable: false,
      },
      results: [
        {
          scene: 'qrcode',
          label: 'qrcode',
          suggestion: 'review',
          rate: 99.1,
          extras: { qrcodeData: ['hi'] },
        },
      ],
    })
    expect(updated?.error?.code).toBe('DOWNLOAD_FAILED')
    expect(updated?.results[0]?.extras?.qrcodeData).toEqual(['hi'])
  })

  it('counts progress by state and verdict', async () => {
    const items = await store.items.insertMany(
      [1, 2, 3, 4].map((n) => ({
        sourceKind: 'file' as const,
        source: `/p/${n}.jpg`,
        engine: 'local' as const,
        scenes: ['porn' as const],
      })),
    )
    await store.items.update(items[0]!.id, { state: 'done', suggestion: 'block' })
    await store.items.update(items[1]!.id, { state: 'failed' })
    await store.items.update(items[2]!.id, { state: 'scanning' })
    expect(await store.items.progress()).toEqual({
      total: 4,
      queued: 1,
      running: 1,
      done: 1,
      failed: 1,
      cancelled: 0,
      blocked: 1,
      review: 0,
    })
  })
})

describe('SettingsRepo', () => {
  it('returns defaults, persists patches, and repairs a corrupt stored value', async () => {
    expect((await store.settings.get()).scanQps).toBe(50)
    await store.settings.set({ scanQps: 20, language: 'zh-CN' })
    expect(await store.settings.get()).toMatchObject({ scanQps: 20, language: 'zh-CN' })
    await store.db.run("UPDATE settings SET value = '\"not a number\"' WHERE key = 'scanQps'")
    const repaired = await store.settings.get()
    expect(repaired.scanQps).toBe(50)
    expect(repaired.language).toBe('zh-CN')
  })
})
