import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'

/**
 * Finding 6: a rerun after failures, and an edit of a file, each add an item for the same file.
 * The export shows each file once (its latest item); --history shows them all, marked.
 */
let dir = ''
let home = ''
let photos = ''
let editedSha = ''

const cli = (...args: string[]) => runCliInProcess(args, home)

async function csvRows(file: string): Promise<Record<string, string>[]> {
  const text = (await readFile(file)).subarray(3).toString('utf8').trimEnd()
  const [header = '', ...lines] = text.split('\r\n')
  const names = header.split(',')
  // These rows carry no quoted commas: a plain split is enough to read them back.
  return lines.map((line): Record<string, string> =>
    Object.fromEntries(line.split(',').map((v, i) => [names[i] ?? '', v])),
  )
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-cli-export-current-'))
  home = join(dir, 'home')
  photos = join(dir, 'photos')
  await mkdir(photos)
  for (const [name, seed] of [
    ['a.jpg', 41],
    ['b.jpg', 42],
    ['c.jpg', 43],
  ] as const) {
    await writeFile(join(photos, name), await photoLikeJpeg(640, 480, seed))
  }
  await writeFile(join(photos, 'bad-1.jpg'), 'not a photo yet')
  await writeFile(join(photos, 'bad-2.jpg'), 'not a photo either')
  const first = await cli('scan', photos, '--engine', 'local', '--scenes', 'porn')
  expect(first.code, first.stderr).toBe(1)
  // The failures are fixed, and c.jpg is edited: the rerun adds an item for each of the three.
  await writeFile(join(photos, 'bad-1.jpg'), await photoLikeJpeg(640, 480, 44))
  await writeFile(join(photos, 'bad-2.jpg'), await photoLikeJpeg(640, 480, 45))
  const edited = await photoLikeJpeg(640, 480, 46)
  editedSha = createHash('sha256').update(edited).digest('hex')
  await writeFile(join(photos, 'c.jpg'), edited)
  const second = await cli('scan', photos, '--engine', 'local', '--scenes', 'porn')
  expect(second.code, second.stderr).toBe(0)
}, 120_000)

afterAll(() => rm(dir, { recursive: true, force: true }))

describe('greenlight export after a rerun and an edit', () => {
  it('gives one row per file, each its latest verdict', async () => {
    const file = join(dir, 'latest.csv')
    const { code, stderr } = await cli('export', '--csv', file)
    expect(code, stderr).toBe(0)
    expect(stderr).toContain('Exported 5 item(s)')
    const rows = await csvRows(file)
    const names = rows.map((r) => (r.source ?? '').slice(photos.length + 1)).sort()
    expect(names).toEqual(['a.jpg', 'b.jpg', 'bad-1.jpg', 'bad-2.jpg', 'c.jpg'])
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill('done'))
    expect(rows.find((r) => r.source?.endsWith('c.jpg'))?.sha256).toBe(editedSha)
    expect(Object.keys(rows[0] ?? {})).not.toContain('current')
  })

  it('--history gives every item with a current column: the superseded ones say false', async () => {
    const file = join(dir, 'history.csv')
    const { code } = await cli('export', '--csv', file, '--history')
    expect(code).toBe(0)
    const rows = await csvRows(file)
    expect(rows).toHaveLength(8)
    expect(Object.keys(rows[0] ?? {}).slice(0, 4)).toEqual([
      'source',
      'sha256',
      'current',
      'status',
    ])
    const old = rows.filter((r) => r.current === 'false')
    expect(
      old.map((r) => `${(r.source ?? '').slice(photos.length + 1)} ${r.status}`).sort(),
    ).toEqual(['bad-1.jpg failed', 'bad-2.jpg failed', 'c.jpg done'])
    expect(old.find((r) => r.source?.endsWith('c.jpg'))?.sha256).not.toBe(editedSha)
    expect(rows.filter((r) => r.current === 'true')).toHaveLength(5)
  })

  it('--history --json marks each item current or not; without it, no item is superseded', async () => {
    const file = join(dir, 'history.json')
    expect((await cli('export', '--json', file, '--history')).code).toBe(0)
    const items = JSON.parse(await readFile(file, 'utf8')) as { current: boolean }[]
    expect(items.map((i) => i.current).filter((c) => !c)).toHaveLength(3)
    const latest = join(dir, 'latest.json')
    expect((await cli('export', '--json', latest)).code).toBe(0)
    const current = JSON.parse(await readFile(latest, 'utf8')) as { state: string }[]
    expect(current.map((i) => i.state)).toEqual(Array(5).fill('done'))
  })

  it('--long: one row per latest image and scene; with --history, the current column too', async () => {
    const file = join(dir, 'long.csv')
    expect((await cli('export', '--csv', file, '--long')).stderr).toContain(
      'Exported 5 item(s) (5 rows)',
    )
    const history = join(dir, 'long-history.csv')
    expect((await cli('export', '--csv', history, '--long', '--history')).code).toBe(0)
    const rows = await csvRows(history)
    expect(Object.keys(rows[0] ?? {}).slice(0, 4)).toEqual(['source', 'sha256', 'current', 'scene'])
    expect(rows.map((r) => r.current).sort()).toEqual([
      ...Array<string>(3).fill('false'),
      ...Array<string>(5).fill('true'),
    ])
  })
})
