import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../core/store/sqlite/open-store'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'

let home = ''
let out = ''
// Relative to now: `--since` also looks at when never-scanned items last changed (now).
const DAY = 24 * 3600 * 1000
const RECENT = Math.floor(Date.now() / 1000) * 1000 - DAY
const LONG_AGO = RECENT - 60 * DAY
const SINCE = new Date(RECENT - 30 * DAY).toISOString()

const cli = (...args: string[]) => runCliInProcess(args, home)

const csvLines = async (file: string) => {
  const bytes = await readFile(file)
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return bytes.subarray(3).toString('utf8').trimEnd().split('\r\n')
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'gl-cli-export-'))
  out = join(home, 'out')
  const store = await openStore(home)
  const [blocked, passed, failed] = await store.items.insertMany([
    {
      sourceKind: 'file',
      source: '/photos/海滩 🏖.jpg',
      engine: 'local',
      scenes: ['porn', 'qrcode'],
    },
    { sourceKind: 'url', source: 'https://example.com/ok.png', engine: 'green', scenes: ['porn'] },
    { sourceKind: 'file', source: '/photos/bad.jpg', engine: 'local', scenes: ['porn'] },
  ])
  if (!blocked || !passed || !failed) throw new Error('insert failed')
  await store.items.update(blocked.id, {
    state: 'done',
    sha256: 'ab'.repeat(32),
    suggestion: 'block',
    results: [
      { scene: 'porn', label: 'porn', suggestion: 'block', rate: 98.5 },
      {
        scene: 'qrcode',
        label: 'qrcode',
        suggestion: 'review',
        rate: 99,
        extras: { qrcodeData: ['=1+1'] },
      },
    ],
    scannedAt: RECENT,
  })
  await store.items.update(passed.id, {
    state: 'done',
    suggestion: 'pass',
    results: [{ scene: 'porn', label: 'normal', suggestion: 'pass', rate: 99.9 }],
    scannedAt: LONG_AGO,
  })
  await store.items.update(failed.id, {
    state: 'failed',
    error: { code: 'NOT_AN_IMAGE', message: 'Not an image.', retryable: false },
  })
  await store.close()
  await import('node:fs/promises').then((fs) => fs.mkdir(out))
})

afterAll(() => rm(home, { recursive: true, force: true }))

describe('greenlight export', () => {
  it('--csv writes one row per image with the scenes present, and says where', async () => {
    const file = join(out, 'all.csv')
    const { code, stderr } = await cli('export', '--csv', file)
    expect(code).toBe(0)
    expect(stderr).toContain(`Exported 3 item(s) to ${file}`)
    const lines = await csvLines(file)
    expect(lines[0]).toBe(
      'source,sha256,status,suggestion,porn_label,porn_suggestion,porn_rate,qrcode_label,qrcode_suggestion,qrcode_rate,qrcode_data,feedback,engine,data_id,task_id,scanned_at,error',
    )
    expect(lines[1]).toBe(
      `/photos/海滩 🏖.jpg,${'ab'.repeat(32)},done,block,porn,block,98.5,qrcode,review,99,'=1+1,,local,,,${new Date(RECENT).toISOString()},`,
    )
    expect(lines[3]).toMatch(/^\/photos\/bad\.jpg,,failed,.*,NOT_AN_IMAGE: Not an image\.$/)
    expect(lines).toHaveLength(4)
  })

  it('--long --suggestion block,review writes one row per scene of the matching images', async () => {
    const file = join(out, 'long.csv')
    const { code, stderr } = await cli(
      'export',
      '--csv',
      file,
      '--long',
      '--suggestion',
      'block,review',
    )
    expect(code).toBe(0)
    expect(stderr).toContain('Exported 1 item(s) (2 rows)')
    const lines = await csvLines(file)
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['porn', 'qrcode'])
  })

  it('--json --since --scene filters and writes full items', async () => {
    const file = join(out, 'recent.json')
    const { code } = await cli('export', '--json', file, '--since', SINCE, '--scene', 'porn')
    expect(code).toBe(0)
    const items = JSON.parse(await readFile(file, 'utf8')) as {
      source: string
      scannedAt: string | null
    }[]
    // The failed item was never scanned but changed just now, so it counts as recent.
    expect(items.map((i) => i.source)).toEqual(['/photos/海滩 🏖.jpg', '/photos/bad.jpg'])
    expect(items[0]?.scannedAt).toBe(new Date(RECENT).toISOString())
  })

  it.each([
    [[], 'exactly one of --csv'],
    [['--csv', 'a.csv', '--json', 'a.json'], 'exactly one of --csv'],
    [['--json', 'a.json', '--long'], '--long applies to CSV only'],
    [['--csv', 'a.csv', '--suggestion', 'block,maybe'], '"maybe"'],
    [['--csv', 'a.csv', '--scene', 'nudity'], '--scene takes one of'],
    [['--csv', 'a.csv', '--scene', 'porn,ad'], '--scene takes one of'],
    [['--csv', 'a.csv', '--since', 'last week'], '--since takes an ISO 8601 date'],
  ])('exits 2 for %j', async (args, message) => {
    const { code, stderr } = await cli('export', ...args)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
  })

  it('exits 1 with a clear message when the file cannot be written', async () => {
    const file = join(out, 'missing-folder', 'x.csv')
    const { code, stderr } = await cli('export', '--csv', file)
    expect(code).toBe(1)
    expect(stderr).toContain(`Could not write ${file}`)
  })
})

describe('greenlight export never writes over its own files (finding 4)', () => {
  it('refuses greenlight.sqlite in the data folder, exits 2, and the database still opens with its history', async () => {
    const target = join(home, 'greenlight.sqlite')
    const { code, stderr } = await cli('export', '--csv', target)
    expect(code).toBe(2)
    expect(stderr).toContain(`Refused to write ${target}`)
    expect(stderr).not.toContain('Exported')
    const store = await openStore(home)
    try {
      expect((await store.items.list(0, 10, {})).total).toBe(3)
    } finally {
      await store.close()
    }
  })

  it('refuses the same file reached through .. from a folder of the data folder', async () => {
    const target = join(home, 'logs', '..', 'greenlight.sqlite-wal')
    const { code, stderr } = await cli('export', '--json', target)
    expect(code).toBe(2)
    expect(stderr).toContain("one of Greenlight's own files")
  })
})

describe('greenlight scan --csv never writes over its own files either', () => {
  it('refuses the database as the results file, and the database keeps its history', async () => {
    const target = join(home, 'greenlight.sqlite')
    const missing = join(out, 'no-such-photo.jpg')
    const { code, stderr } = await cli('scan', missing, '--engine', 'local', '--csv', target)
    expect(code).toBe(1)
    expect(stderr).toContain(`Refused to write ${target}`)
    const store = await openStore(home)
    try {
      // The three items from before, and the failed input this scan stored.
      expect((await store.items.list(0, 10, {})).total).toBe(4)
    } finally {
      await store.close()
    }
  })
})
