import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkExportTarget } from './export-target'

let root = ''
let data = ''

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gl-export-target-'))
  data = join(root, 'Greenlight')
  for (const folder of ['thumbs', 'logs', 'tmp', 'stdin']) {
    await mkdir(join(data, folder), { recursive: true })
  }
  await writeFile(join(data, 'greenlight.sqlite'), 'db')
  await writeFile(join(data, 'logs', 'greenlight.log'), 'log')
  await mkdir(join(root, 'exports'))
  await mkdir(join(data, 'exports'))
  await symlink(join(data, 'greenlight.sqlite'), join(root, 'exports', 'link-to-db.csv'))
  await symlink(data, join(root, 'data-link'))
})

afterAll(() => rm(root, { recursive: true, force: true }))

describe('checkExportTarget', () => {
  it.each([
    ['the database', () => join(data, 'greenlight.sqlite')],
    ['its WAL', () => join(data, 'greenlight.sqlite-wal')],
    ['its shared memory', () => join(data, 'greenlight.sqlite-shm')],
    ['the lock', () => join(data, 'greenlight.lock')],
    ['the lock owner', () => join(data, 'greenlight.lock.owner')],
    ['the database, differently cased', () => join(data, 'GreenLight.SQLITE')],
    ['a thumbnail', () => join(data, 'thumbs', `${'ab'.repeat(32)}.webp`)],
    ['the log', () => join(data, 'logs', 'greenlight.log')],
    ['a temp file', () => join(data, 'tmp', 'out.csv')],
    ['a stdin copy', () => join(data, 'stdin', 'x.jpg')],
    ['the database through ..', () => join(data, 'logs', '..', 'greenlight.sqlite')],
    ['the database through a linked folder', () => join(root, 'data-link', 'greenlight.sqlite')],
    ['a symlink to the database', () => join(root, 'exports', 'link-to-db.csv')],
  ])('refuses %s', async (_what, path) => {
    const result = await checkExportTarget(path(), data)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('EXPORT_TARGET_PROTECTED')
      expect(result.error.message).toContain("one of Greenlight's own files")
      expect(result.error.message).toContain('Choose a file outside that folder.')
    }
  })

  it.each([
    ['a file elsewhere', () => join(root, 'exports', 'results.csv')],
    ['a file of its own beside the database', () => join(data, 'results.csv')],
    ['a folder of its own in the data folder', () => join(data, 'exports', 'results.csv')],
    ['a file in a folder that does not exist', () => join(root, 'nowhere', 'x.csv')],
  ])('allows %s, as an absolute path', async (_what, path) => {
    expect(await checkExportTarget(path(), data)).toEqual({ ok: true, value: path() })
  })

  it('allows anything when the data folder does not exist yet', async () => {
    const missing = join(root, 'fresh')
    const result = await checkExportTarget(join(missing, 'greenlight.sqlite'), missing)
    expect(result.ok).toBe(true)
  })
})
