import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toAppError } from '../../../../src-shared/result'
import { Database } from './database'
import { currentVersion, migrate, MIGRATIONS } from './migrations'
import { DATABASE_FILE, openStore, type SqliteStore } from './open-store'

let dir: string
const opened: { close(): Promise<void> }[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-storage-'))
})

afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close().catch(() => undefined)
  rmSync(dir, { recursive: true, force: true })
})

async function open(folder = dir): Promise<SqliteStore> {
  const store = await openStore(folder, { now: () => new Date('2026-12-07T01:02:03.456Z') })
  opened.push(store)
  return store
}

const LATEST = MIGRATIONS.at(-1)?.version

describe('Database.write on a full database', () => {
  it('rejects with STORAGE_FULL naming the folder (not "cannot rollback") and stays usable', async () => {
    const db = await Database.open(join(dir, 'full.sqlite'))
    opened.push(db)
    await db.configure()
    await db.exec('CREATE TABLE t (b BLOB)')
    const pages = await db.get<{ page_count: number }>('PRAGMA page_count')
    // SQLite answers SQLITE_FULL at max_page_count exactly as on a full disk, and rolls the
    // whole transaction back by itself for a plain INSERT.
    await db.exec(`PRAGMA max_page_count = ${String((pages?.page_count ?? 1) + 3)}`)
    const thrown = await db
      .write(async () => {
        for (let i = 0; i < 50; i++) await db.run('INSERT INTO t VALUES (randomblob(4000))')
      })
      .catch((error: unknown) => error)
    const error = toAppError(thrown)
    expect(error).toMatchObject({ code: 'STORAGE_FULL', params: { folder: dir } })
    expect(error.message).toContain(dir)
    expect(error.message).not.toMatch(/rollback/i)

    // Room again: the next write commits, and none of the failed transaction's rows are there.
    await db.exec('PRAGMA max_page_count = 1000000')
    await db.write(() => db.run('INSERT INTO t VALUES (1)'))
    expect(await db.get('SELECT COUNT(*) AS n FROM t')).toEqual({ n: 1 })
  })
})

describe('migrate', () => {
  it('two connections migrating one fresh file at once both succeed', async () => {
    const file = join(dir, 'race.sqlite')
    const a = await Database.open(file)
    const b = await Database.open(file)
    opened.push(a, b)
    await a.exec('PRAGMA busy_timeout = 5000')
    await b.exec('PRAGMA busy_timeout = 5000')
    // Both read version 0 before either writes: the second must find the schema already there.
    expect(await Promise.all([migrate(a), migrate(b)])).toEqual([LATEST, LATEST])
    expect(await currentVersion(a)).toBe(LATEST)
  })
})

describe('openStore with a damaged database', () => {
  it('moves a 0-byte database aside with its -wal and -shm, reports it, and starts a new one', async () => {
    writeFileSync(join(dir, DATABASE_FILE), '')
    writeFileSync(join(dir, `${DATABASE_FILE}-wal`), 'frames that must not be deleted')
    writeFileSync(join(dir, `${DATABASE_FILE}-shm`), 'index')
    const store = await open()

    const aside = `${DATABASE_FILE}.corrupt-2026-12-07T01-02-03.456Z`
    expect(
      readdirSync(dir)
        .filter((f) => f.includes('.corrupt-'))
        .sort(),
    ).toEqual([aside, `${aside}-shm`, `${aside}-wal`])
    expect(readFileSync(join(dir, `${aside}-wal`), 'utf8')).toBe('frames that must not be deleted')
    expect(store.notices).toHaveLength(1)
    expect(store.notices[0]?.message).toContain(aside)
    expect(store.notices[0]?.message).toContain(dir)
    expect(store.notices[0]?.reason).toMatch(/empty/)
    expect(await currentVersion(store.db)).toBe(LATEST)
  })

  it('moves a garbage database aside and reports it, keeping its bytes', async () => {
    const garbage = 'this is not a database '.repeat(500)
    writeFileSync(join(dir, DATABASE_FILE), garbage)
    const store = await open()

    const aside = join(dir, `${DATABASE_FILE}.corrupt-2026-12-07T01-02-03.456Z`)
    expect(readFileSync(aside, 'utf8')).toBe(garbage)
    expect(store.notices.map((n) => n.kind)).toEqual(['database-moved-aside'])
    expect(store.notices[0]?.reason).toMatch(/not a database/)
    await store.items.insertMany([
      { sourceKind: 'file', source: '/p/a.jpg', engine: 'local', scenes: ['porn'] },
    ])
    expect((await store.items.list(0, 10, {})).total).toBe(1)
  })

  it('opens a healthy database with no notice and nothing moved', async () => {
    await (await open()).close()
    opened.length = 0
    const again = await open()
    expect(again.notices).toEqual([])
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(false)
  })

  it('a folder that cannot be created is one STORAGE error naming it', async () => {
    writeFileSync(join(dir, 'a-file'), 'x')
    const folder = join(dir, 'a-file', 'data')
    const thrown = await openStore(folder).catch((error: unknown) => error)
    expect(toAppError(thrown)).toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      params: { folder },
    })
    expect(existsSync(folder)).toBe(false)
  })
})

describe('an unreadable item row', () => {
  async function storeWithBadRow() {
    const store = await open()
    const items = await store.items.insertMany(
      ['a', 'b', 'c'].map((name) => ({
        sourceKind: 'file' as const,
        source: `/p/${name}.jpg`,
        engine: 'local' as const,
        scenes: ['porn' as const],
      })),
    )
    const bad = items[1]!.id
    await store.db.run("UPDATE items SET results = '{oops' WHERE id = ?", [bad])
    return { store, items, bad }
  }

  it('is skipped and counted by list, with its id reported once', async () => {
    const reported: number[] = []
    const store = await openStore(dir, {
      log: {
        warn: (_message, fields) => reported.push(Number(fields?.id)),
        error: () => undefined,
      },
    })
    opened.push(store)
    const [, bad] = await store.items.insertMany(
      ['a', 'b'].map((name) => ({
        sourceKind: 'file' as const,
        source: `/p/${name}.jpg`,
        engine: 'local' as const,
        scenes: ['porn' as const],
      })),
    )
    await store.db.run("UPDATE items SET results = '{oops' WHERE id = ?", [bad!.id])
    const page = await store.items.list(0, 10, {})
    expect(page.items.map((i) => i.source)).toEqual(['/p/a.jpg'])
    expect(page.skipped).toBe(1)
    await store.items.list(0, 10, {})
    expect(reported).toEqual([bad!.id])
    expect([...store.items.unreadable.keys()]).toEqual([bad!.id])
  })

  it('is skipped by an export pass and by the scan queue, which still hands out the rows after it', async () => {
    const { store, items, bad } = await storeWithBadRow()
    const skipped: number[] = []
    const read: number[] = []
    for await (const item of store.items.iterate({}, 500, (id) => skipped.push(id))) {
      read.push(item.id)
    }
    expect(read).toEqual([items[0]!.id, items[2]!.id])
    expect(skipped).toEqual([bad])

    // The queue: the bad row is never claimed, and it does not hide the good ones.
    await store.items.update(items[0]!.id, { state: 'done' })
    expect((await store.items.nextQueuedBatch(10)).map((i) => i.id)).toEqual([items[2]!.id])
  })
})
