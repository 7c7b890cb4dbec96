import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'
import { AppCore } from '../../core/app-core'

let dir = ''
let jpeg: Buffer = Buffer.alloc(0)
let other = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-cli-stdin-'))
  jpeg = await photoLikeJpeg(320, 240, 21)
  other = join(dir, 'other.jpg')
  await writeFile(other, await photoLikeJpeg(320, 240, 22))
}, 60_000)

afterAll(() => rm(dir, { recursive: true, force: true }))

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const local = ['--engine', 'local', '--scenes', 'porn']

describe('greenlight scan - (image bytes on stdin)', () => {
  it('scans piped bytes as a file kept in <data>/stdin/<sha256>.jpg, shown by that path in lines and CSV', async () => {
    const home = join(dir, 'home-piped')
    const csv = join(dir, 'piped.csv')
    const r = await runCliInProcess(['scan', '-', ...local, '--csv', csv], home, {}, jpeg)
    expect(r.code, r.stderr).toBe(0)
    const stored = join(home, 'stdin', `${sha256(jpeg)}.jpg`)
    expect(r.stdout).toMatch(
      new RegExp(`^done\\s+\\S+\\s+${stored.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s`),
    )
    expect(Buffer.compare(await readFile(stored), jpeg)).toBe(0)
    expect(await readFile(csv, 'utf8')).toContain(stored)
    const core = await AppCore.open({ dataDir: home, host: 'cli' })
    try {
      const items = await core.store.items.list(0, 10, {})
      expect(items.items.map((i) => [i.sourceKind, i.source, i.state])).toEqual([
        ['bytes', stored, 'done'],
      ])
    } finally {
      await core.close()
    }
  })

  it('takes - alongside other inputs', async () => {
    const home = join(dir, 'home-mixed')
    const r = await runCliInProcess(['scan', other, '-', ...local], home, {}, jpeg)
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines.every((l) => l.startsWith('done'))).toBe(true)
    expect(lines.some((l) => l.includes(other))).toBe(true)
    expect(lines.some((l) => l.includes(join(home, 'stdin', `${sha256(jpeg)}.jpg`)))).toBe(true)
  })

  it('keeps the same bytes piped twice as one file, and reuses the verdict', async () => {
    const home = join(dir, 'home-twice')
    const first = await runCliInProcess(['scan', '-', ...local], home, {}, jpeg)
    const second = await runCliInProcess(['scan', '-', ...local], home, {}, jpeg)
    expect([first.code, second.code], second.stderr).toEqual([0, 0])
    expect(await readdir(join(home, 'stdin'))).toEqual([`${sha256(jpeg)}.jpg`])
    expect(second.stderr).toMatch(/already scanned with these settings/)
    expect(second.stdout).toMatch(/^done\s/)
  })

  it('fails bytes that are not an image alone, with the reason; the other input is judged', async () => {
    const home = join(dir, 'home-text')
    const text = Buffer.from('definitely not an image\n')
    const r = await runCliInProcess(['scan', '-', other, ...local], home, {}, text)
    expect(r.code, r.stderr).toBe(1)
    const lines = r.stdout.trim().split('\n')
    expect(lines.find((l) => l.includes(`${sha256(text)}.bin`))).toMatch(/^failed\s+NOT_AN_IMAGE/)
    expect(lines.find((l) => l.includes(other))).toMatch(/^done\s/)
  })

  it('refuses an empty stdin with a usage error (exit 2) that says to pipe bytes', async () => {
    const home = join(dir, 'home-empty')
    const r = await runCliInProcess(['scan', '-', ...local], home)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/Nothing arrived on stdin.*Pipe an image in/)
    expect(r.stdout).toBe('')
  })

  it('refuses a terminal on stdin, and - given twice, as usage errors', async () => {
    const home = join(dir, 'home-tty')
    const tty = Object.assign(Readable.from([jpeg]), { isTTY: true })
    const fromTty = await runCliInProcess(['scan', '-', ...local], home, {}, tty)
    expect(fromTty.code).toBe(2)
    expect(fromTty.stderr).toMatch(/stdin is a terminal.*Pipe an image in/)
    const twice = await runCliInProcess(['scan', '-', '-', ...local], home, {}, jpeg)
    expect(twice.code).toBe(2)
    expect(twice.stderr).toMatch(/only once/)
  })

  it('says in --help that - reads stdin', async () => {
    const r = await runCliInProcess(['scan', '--help'], join(dir, 'home-help'))
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/- to read one image piped on stdin/)
  })
})
