import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EngineId, SourceKind } from '../../../src-shared/domain'
import { sha256Bytes } from '../media/hash-file'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { resolveItemIds, resolveTarget } from './resolve-target'

let dir: string
let store: SqliteStore

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-resolve-'))
  store = await openStore(join(dir, 'home'))
})

afterEach(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

const BYTES = new TextEncoder().encode('pretend these are jpeg bytes')
const SHA = sha256Bytes(BYTES)

async function add(
  source: string,
  opts: { kind?: SourceKind; engine?: EngineId; sha256?: string | null; done?: boolean } = {},
) {
  const [item] = await store.items.insertMany([
    { sourceKind: opts.kind ?? 'file', source, engine: opts.engine ?? 'local', scenes: ['porn'] },
  ])
  if (!item) throw new Error('not inserted')
  if (opts.done === false) return item
  return (await store.items.update(item.id, {
    state: 'done',
    sha256: opts.sha256 === undefined ? SHA : opts.sha256,
    dataId: String(item.id),
    taskId: `img-task-${String(item.id)}`,
  }))!
}

const ids = (r: Awaited<ReturnType<typeof resolveTarget>>) => (r.ok ? r.value.map((i) => i.id) : r)

describe('resolveTarget', () => {
  it('a file finds every finished item with the same bytes, whatever its name, per engine', async () => {
    const a = await add('/old/name.jpg')
    const b = await add('/other/copy.jpg')
    const green = await add('/old/name.jpg', { engine: 'green' })
    await add('/pending.jpg', { done: false })
    await add('/different.jpg', { sha256: 'ff'.repeat(32) })
    const file = join(dir, 'renamed.jpg')
    await writeFile(file, BYTES)
    expect(ids(await resolveTarget(store.items, file))).toEqual([a.id, b.id, green.id])
    // Relative paths start from the caller's folder.
    expect(ids(await resolveTarget(store.items, 'renamed.jpg', dir))).toEqual([
      a.id,
      b.id,
      green.id,
    ])
  })

  it('a URL finds the items scanned from that URL, never a file', async () => {
    const url = 'https://example.com/a.jpg'
    const u = await add(url, { kind: 'url', sha256: null, engine: 'green' })
    await add('/photos/a.jpg')
    expect(ids(await resolveTarget(store.items, ` ${url} `))).toEqual([u.id])
  })

  it('a dataId or a Green taskId finds the item, widened to the same image', async () => {
    const a = await add('/a.jpg')
    const b = await add('/b.jpg')
    await add('/c.jpg', { sha256: 'ee'.repeat(32) })
    expect(ids(await resolveTarget(store.items, String(a.id), dir))).toEqual([a.id, b.id])
    expect(ids(await resolveTarget(store.items, `img-task-${String(b.id)}`, dir))).toEqual([
      a.id,
      b.id,
    ])
    expect(ids(await resolveItemIds(store.items, [b.id]))).toEqual([a.id, b.id])
  })

  it('says plainly when nothing matches, or when the match has not finished', async () => {
    const pending = await add('/pending.jpg', { done: false })
    const none = await resolveTarget(store.items, 'no-such-id', dir)
    expect(none.ok).toBe(false)
    if (!none.ok) {
      expect(none.error.code).toBe('NOT_FOUND')
      expect(none.error.message).toMatch(/No scanned image matches "no-such-id".*scan it first/)
    }
    const unscanned = join(dir, 'never-scanned.jpg')
    await writeFile(unscanned, 'other bytes')
    const r = await resolveTarget(store.items, unscanned)
    expect(!r.ok && r.error.message).toMatch(/no image with these bytes was scanned/)
    const waiting = await resolveTarget(store.items, String(pending.id), dir)
    expect(!waiting.ok && waiting.error.message).toMatch(/no finished verdict.*state: queued/)
    const folder = await resolveTarget(store.items, dir)
    expect(!folder.ok && folder.error.code).toBe('VALIDATION')
  })
})
