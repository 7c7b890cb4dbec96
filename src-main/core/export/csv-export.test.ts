import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { exportCsv } from './csv-export'
import { goldenItems, makeItem } from './export-fixtures.test-data'

const dir = await mkdtemp(join(tmpdir(), 'gl-export-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

const GOLDEN = join(import.meta.dirname, '__golden__')
const BOM = Buffer.from([0xef, 0xbb, 0xbf])

async function* each(items: readonly Item[]): AsyncGenerator<Item> {
  for (const item of items) {
    await Promise.resolve()
    yield item
  }
}

/** Byte-exact comparison; `UPDATE_GOLDEN=1` rewrites the golden file after a deliberate change. */
async function expectGolden(actualFile: string, goldenName: string): Promise<Buffer> {
  const actual = await readFile(actualFile)
  const goldenFile = join(GOLDEN, goldenName)
  if (process.env.UPDATE_GOLDEN === '1') await writeFile(goldenFile, actual)
  const golden = await readFile(goldenFile)
  expect(actual.toString('utf8')).toBe(golden.toString('utf8'))
  expect(actual.equals(golden)).toBe(true)
  return actual
}

function lines(csv: Buffer): string[] {
  return csv.subarray(3).toString('utf8').split('\r\n')
}

describe('exportCsv, wide layout', () => {
  it('matches the golden file byte for byte (BOM, CRLF, scene columns, injection, Chinese/emoji)', async () => {
    const file = join(dir, 'wide.csv')
    const result = await exportCsv(() => each(goldenItems()), file)
    expect(result).toEqual({ ok: true, value: { file, items: 7, rows: 7 } })
    const csv = await expectGolden(file, 'wide.csv')
    expect(csv.subarray(0, 3).equals(BOM)).toBe(true)
    const [header] = lines(csv)
    // Only scenes present, in canonical order (live and logo appear in no item).
    expect(header).toBe(
      'source,sha256,status,suggestion,' +
        'porn_label,porn_suggestion,porn_rate,terrorism_label,terrorism_suggestion,terrorism_rate,' +
        'ad_label,ad_suggestion,ad_rate,qrcode_label,qrcode_suggestion,qrcode_rate,' +
        'qrcode_data,feedback,engine,data_id,task_id,scanned_at,error',
    )
  })

  it('neutralises formula cells but leaves the rates as plain numbers', async () => {
    const file = join(dir, 'wide-injection.csv')
    await exportCsv(() => each(goldenItems()), file)
    const text = (await readFile(file)).toString('utf8')
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/"",""click"")\nhttps://ok.example/"`)
    expect(text).toContain(`'+SUM(1;2)`)
    expect(text).toContain(`'-2+3`)
    expect(text).toContain(`'@cmd`)
    expect(text).toContain(`'\tdata-tab`)
    expect(text).toContain(`"'\rcarriage"`)
    expect(text).not.toMatch(/(^|,)"?[=+@]/m)
    expect(text).toContain(',99.91,')
    expect(text).not.toContain("'99.91")
  })

  it('puts the most severe suggestion first, and marks unsupported scenes', async () => {
    const file = join(dir, 'wide-severity.csv')
    await exportCsv(() => each(goldenItems()), file, { scenes: ['porn', 'terrorism'] })
    const rows = lines(await readFile(file))
    expect(rows[1]).toMatch(
      /^\/photos\/猫咪 🐱\/假期 2024\.jpg,[0-9a-f]{64},done,block,normal,pass,99\.91,bloody,block,/,
    )
    const local = rows.find((r) => r.includes('😀'))
    expect(local).toContain(',,unsupported,,')
  })

  it("shows feedback: the overall suggestion is after it, the scene columns stay the engine's", async () => {
    const file = join(dir, 'wide-feedback.csv')
    await exportCsv(() => each(goldenItems()), file, { scenes: ['porn', 'qrcode'] })
    const rows = lines(await readFile(file))
    const beach = rows.find((r) => r.startsWith('/photos/beach.jpg'))
    // Green said porn/block; the reviewer said pass: suggestion pass, porn columns unchanged.
    expect(beach).toMatch(/^\/photos\/beach\.jpg,[0-9a-f]{64},done,pass,porn,block,98\.2,/)
    expect(beach).toContain(
      ',"porn=pass:normal; sent to green; note: a beach photo,\n""not"" porn =SUM(1)",green,6,',
    )
    const flyer = rows.find((r) => r.startsWith('/photos/flyer.png'))
    expect(flyer).toMatch(/^\/photos\/flyer\.png,[0-9a-f]{64},done,block,sexy,review,70,/)
    expect(flyer).toContain(',porn=block:sexy qrcode=block; kept locally,local,7,')
    // Items nobody corrected have an empty feedback cell.
    expect(rows[1]).toContain(',,green,d-1,')
  })

  it('writes a header only for an empty export', async () => {
    const file = join(dir, 'empty.csv')
    const result = await exportCsv(() => each([]), file)
    expect(result.ok && result.value.items).toBe(0)
    expect(lines(await readFile(file))).toEqual([
      'source,sha256,status,suggestion,qrcode_data,feedback,engine,data_id,task_id,scanned_at,error',
      '',
    ])
  })
})

describe('exportCsv, long layout', () => {
  it('matches the golden file byte for byte: one row per image and scene', async () => {
    const file = join(dir, 'long.csv')
    const result = await exportCsv(() => each(goldenItems()), file, { layout: 'long' })
    expect(result.ok && result.value).toEqual({ file, items: 7, rows: 15 })
    const csv = await expectGolden(file, 'long.csv')
    expect(lines(csv)[0]).toBe(
      'source,sha256,scene,label,suggestion,rate,extras,feedback,engine,data_id,task_id,scanned_at,error',
    )
  })

  it("puts each scene's correction on its own row, beside the engine's verdict for that scene", async () => {
    const file = join(dir, 'long-feedback.csv')
    await exportCsv(() => each(goldenItems()), file, { layout: 'long' })
    const rows = lines(await readFile(file))
    const beach = rows.filter((r) => r.startsWith('/photos/beach.jpg'))
    expect(beach).toHaveLength(2)
    expect(beach[0]).toMatch(/,porn,porn,block,98\.2,,"porn=pass:normal; sent to green; note: /)
    // terrorism was not corrected: its feedback cell is empty.
    expect(beach[1]).toMatch(/,terrorism,normal,pass,99\.9,,,green,6,/)
    const flyer = rows.filter((r) => r.startsWith('/photos/flyer.png'))
    expect(flyer[0]).toContain(',porn,sexy,review,70,,porn=block:sexy; kept locally,local,')
    expect(flyer[1]).toContain(',qrcode,normal,pass,99,,qrcode=block; kept locally,local,')
  })
})

describe('exportCsv, streaming and atomicity', () => {
  it('streams 12,000 items to disk while they are still being read', async () => {
    const file = join(dir, 'many.csv')
    let sizeMidway = -1
    async function* many(): AsyncGenerator<Item> {
      for (let i = 1; i <= 12_000; i++) {
        if (i === 9_000) {
          const temp = (await readdir(dir)).find((f) => f.startsWith('.many.csv.'))
          sizeMidway = temp === undefined ? -1 : (await stat(join(dir, temp))).size
        }
        yield makeItem(i)
      }
    }
    const result = await exportCsv(many, file, { scenes: ['porn', 'qrcode'] })
    expect(result.ok && result.value.rows).toBe(12_000)
    const total = (await stat(file)).size
    // Rows reached the temp file before the source was exhausted, and the final file was not
    // visible until the end.
    expect(sizeMidway).toBeGreaterThan(total / 3)
    expect(lines(await readFile(file))).toHaveLength(12_002)
  })

  it('leaves the previous file untouched and no temp file when the source fails midway', async () => {
    const file = join(dir, 'keep.csv')
    await writeFile(file, 'previous export\n')
    async function* failing(): AsyncGenerator<Item> {
      for (let i = 1; i <= 5000; i++) {
        if (i === 4000) {
          await Promise.resolve()
          throw new Error('database is locked')
        }
        yield makeItem(i)
      }
    }
    const result = await exportCsv(failing, file, { layout: 'long' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('DB')
      expect(result.error.message).toContain('database is locked')
    }
    expect(await readFile(file, 'utf8')).toBe('previous export\n')
    expect((await readdir(dir)).filter((f) => f.startsWith('.keep.csv'))).toEqual([])
  })

  it('reports an unwritable destination as FILE_UNWRITABLE, never throwing', async () => {
    const file = join(dir, 'no-such-folder', 'out.csv')
    const result = await exportCsv(() => each(goldenItems()), file)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('FILE_UNWRITABLE')
      expect(result.error.message).toContain(`Could not write ${file}: the folder does not exist.`)
    }
    expect(existsSync(file)).toBe(false)
  })

  it('says so when the destination is a folder, and leaves it alone', async () => {
    const folder = join(dir, 'a-folder.csv')
    await mkdir(folder)
    const result = await exportCsv(() => each(goldenItems()), folder)
    expect(!result.ok && result.error.message).toContain('that is a folder')
    expect((await stat(folder)).isDirectory()).toBe(true)
    expect((await readdir(dir)).filter((f) => f.startsWith('.a-folder.csv'))).toEqual([])
  })

  it('stops on abort with CANCELLED and writes nothing', async () => {
    const file = join(dir, 'aborted.csv')
    const controller = new AbortController()
    async function* slow(): AsyncGenerator<Item> {
      for (let i = 1; i <= 100; i++) {
        if (i === 50) controller.abort()
        await new Promise((resolve) => setImmediate(resolve))
        yield makeItem(i)
      }
    }
    const result = await exportCsv(slow, file, { layout: 'long', signal: controller.signal })
    expect(!result.ok && result.error.code).toBe('CANCELLED')
    expect(existsSync(file)).toBe(false)
    expect((await readdir(dir)).filter((f) => f.startsWith('.aborted.csv'))).toEqual([])
  })
})

describe('exportCsv, own files and history', () => {
  it("refuses to write over the data folder's database and leaves it byte for byte", async () => {
    const data = join(dir, 'data')
    await mkdir(data)
    const db = join(data, 'greenlight.sqlite')
    await writeFile(db, 'SQLite format 3\0 precious')
    const result = await exportCsv(() => each(goldenItems()), db, { dataDir: data })
    expect(!result.ok && result.error.code).toBe('EXPORT_TARGET_PROTECTED')
    expect(await readFile(db, 'utf8')).toBe('SQLite format 3\0 precious')
    expect((await readdir(data)).sort()).toEqual(['greenlight.sqlite'])
  })

  it('with history, puts a current column after sha256 in both layouts', async () => {
    const items = goldenItems().map((item, i) => ({ ...item, current: i !== 0 }))
    const wide = join(dir, 'history-wide.csv')
    await exportCsv(() => each(items), wide, { history: true, scenes: ['porn'] })
    const rows = lines(await readFile(wide))
    expect(rows[0]).toMatch(/^source,sha256,current,status,suggestion,porn_label,/)
    expect(rows[1]).toMatch(/^\/photos\/猫咪 🐱\/假期 2024\.jpg,[0-9a-f]{64},false,done,block,/)
    expect(rows[2]).toMatch(/,[0-9a-f]{64},true,done,review,/)
    const long = join(dir, 'history-long.csv')
    await exportCsv(() => each(items), long, { history: true, layout: 'long' })
    const longRows = lines(await readFile(long))
    expect(longRows[0]).toMatch(/^source,sha256,current,scene,label,/)
    expect(longRows.filter((r) => r.includes(',false,'))).toHaveLength(3)
  })
})
