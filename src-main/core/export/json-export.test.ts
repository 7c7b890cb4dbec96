import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { goldenItems, makeItem } from './export-fixtures.test-data'
import { exportJson, type ExportedItem } from './json-export'

const dir = await mkdtemp(join(tmpdir(), 'gl-export-json-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

async function* each(items: readonly Item[]): AsyncGenerator<Item> {
  for (const item of items) {
    await Promise.resolve()
    yield item
  }
}

describe('exportJson', () => {
  it('writes the full items as one array, times as ISO 8601 UTC, no BOM', async () => {
    const file = join(dir, 'all.json')
    const items = goldenItems()
    const result = await exportJson(() => each(items), file)
    expect(result).toEqual({ ok: true, value: { file, items: 7, rows: 7 } })
    const bytes = await readFile(file)
    expect(bytes[0]).toBe('['.charCodeAt(0))
    const parsed = JSON.parse(bytes.toString('utf8')) as ExportedItem[]
    expect(parsed).toHaveLength(7)
    const [first] = parsed
    const original = items[0]
    if (!first || !original) throw new Error('missing item')
    expect(first.source).toBe('/photos/猫咪 🐱/假期 2024.jpg')
    expect(first.results).toEqual(original.results)
    expect(first.scannedAt).toBe('2026-11-25T09:30:05.123Z')
    expect(first.createdAt).toBe(new Date(original.createdAt).toISOString())
    expect(parsed[3]?.error?.code).toBe('NOT_AN_IMAGE')
    expect(parsed[3]?.scannedAt).toBeNull()
    // A reviewer's correction travels with the item, as stored.
    expect(parsed[5]?.feedback).toEqual(items[5]?.feedback)
    expect(parsed[5]?.suggestion).toBe('pass')
    // Every field of an item survives (nothing dropped on the way).
    expect(Object.keys(first).sort()).toEqual(Object.keys(original).sort())
  })

  it('writes [] for no items', async () => {
    const file = join(dir, 'none.json')
    await exportJson(() => each([]), file)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual([])
  })

  it('streams 12,000 items into valid JSON', async () => {
    const file = join(dir, 'many.json')
    async function* many(): AsyncGenerator<Item> {
      for (let i = 1; i <= 12_000; i++) {
        if (i % 1000 === 0) await Promise.resolve()
        yield makeItem(i)
      }
    }
    const result = await exportJson(many, file)
    expect(result.ok && result.value.items).toBe(12_000)
    const parsed = JSON.parse(await readFile(file, 'utf8')) as ExportedItem[]
    expect(parsed).toHaveLength(12_000)
    expect(parsed[11_999]?.id).toBe(12_000)
  })

  it('leaves no file behind when the source fails', async () => {
    const file = join(dir, 'broken.json')
    async function* failing(): AsyncGenerator<Item> {
      yield makeItem(1)
      await Promise.resolve()
      throw new Error('disk I/O error')
    }
    const result = await exportJson(failing, file)
    expect(!result.ok && result.error.code).toBe('DB')
    expect(existsSync(file)).toBe(false)
    expect((await readdir(dir)).filter((f) => f.includes('broken'))).toEqual([])
  })
})
