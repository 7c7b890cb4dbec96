import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { noteText } from '../../../../src-shared/domain'
import { Database } from './database'
import { migrate, MIGRATIONS } from './migrations'
import { decodeNote } from './note-column'

let dir: string
let db: Database

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-notes-'))
  db = await Database.open(join(dir, 'greenlight.sqlite'))
})

afterEach(async () => {
  await db.close()
  rmSync(dir, { recursive: true, force: true })
})

// Sentences an older Greenlight stored in items.note, word for word.
const OLD_NOTES = [
  'Verdict reused from an earlier scan of the same image: no new call, no charge.',
  'Same image as one already submitted: waits for that verdict (one charge).',
  'Same image as item 417: its verdict was reused (one call, one charge).',
  "downscaled from 30001×400 to 30000×400 to fit Green's limits",
  '{"looks": "like json"}',
]

async function notesAfterMigration(): Promise<unknown[]> {
  await migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 10),
  )
  for (const [i, note] of [...OLD_NOTES, null].entries()) {
    await db.run(
      `INSERT INTO items (source_kind, source, engine, scenes, state, note, created_at, updated_at)
       VALUES ('file', ?, 'local', '["porn"]', 'done', ?, 0, 0)`,
      [`/p/${String(i)}.jpg`, note],
    )
  }
  await migrate(db)
  const rows = await db.all<{ note: string | null }>('SELECT note FROM items ORDER BY id')
  return rows.map((r) => (r.note === null ? null : (JSON.parse(r.note) as unknown)))
}

describe('migration 10: notes as codes', () => {
  it('turns the sentences Greenlight wrote into codes, and keeps any other text as legacy', async () => {
    expect(await notesAfterMigration()).toEqual([
      { code: 'cache-reused', params: {} },
      { code: 'same-as-submitted', params: {} },
      { code: 'same-as-item', params: { item: '417' } },
      {
        code: 'legacy',
        params: { text: "downscaled from 30001×400 to 30000×400 to fit Green's limits" },
      },
      { code: 'legacy', params: { text: '{"looks": "like json"}' } },
      null,
    ])
  })

  it('reads back as the same English the CLI and exports printed before', async () => {
    const notes = (await notesAfterMigration()).slice(0, OLD_NOTES.length)
    expect(notes.map((n) => noteText(decodeNote(JSON.stringify(n))!))).toEqual(OLD_NOTES)
  })
})
