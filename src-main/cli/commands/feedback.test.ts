import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'
import { AppCore } from '../../core/app-core'
import { startEmulator } from '../../core/engines/green/emulator/emulator'
import { emulatorEnv } from '../../../tests/fixtures/emulator-engine'

let dir = ''
let photo = ''
let other = ''

const cli = (args: string[], home: string, env: NodeJS.ProcessEnv = {}) =>
  runCliInProcess(args, home, env)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-cli-feedback-'))
  photo = join(dir, 'photo.jpg')
  other = join(dir, 'other.jpg')
  await writeFile(photo, await photoLikeJpeg(320, 240, 41))
  await writeFile(other, await photoLikeJpeg(320, 240, 42))
}, 60_000)

afterAll(() => rm(dir, { recursive: true, force: true }))

async function itemsIn(home: string) {
  const core = await AppCore.open({ dataDir: home, host: 'cli' })
  try {
    return (await core.store.items.list(0, 100, {})).items.reverse()
  } finally {
    await core.close()
  }
}

describe('greenlight feedback: usage', () => {
  const home = () => join(dir, 'home-usage')

  it.each([
    [['feedback', 'x.jpg', '--suggestion', 'review'], /--suggestion must be pass or block/],
    [['feedback', 'x.jpg'], /required option '--suggestion/],
    [
      ['feedback', 'x.jpg', '--suggestion', 'pass', '--scenes', 'porn,nudity'],
      /unknown scene "nudity"/,
    ],
    [
      ['feedback', 'x.jpg', '--suggestion', 'pass', '--scenes', ','],
      /unknown scene \(none given\)/,
    ],
    [['feedback', 'x.jpg', '--suggestion', 'pass', '--label', ' '], /--label must be 1 to 64/],
    [
      ['feedback', 'x.jpg', '--suggestion', 'block', '--region', 'mars-1'],
      /unknown region "mars-1"/,
    ],
    [['feedback', '--suggestion', 'block'], /missing required argument 'target'/],
  ])('%j exits 2 and says why', async (args, message) => {
    const r = await cli(args, home())
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stdout).toBe('')
  })

  it('exits 1 with a clear message when no scanned image matches', async () => {
    const byId = await cli(['feedback', '12345', '--suggestion', 'pass'], join(dir, 'home-empty'))
    expect(byId.code).toBe(1)
    expect(byId.stderr).toMatch(/No scanned image matches "12345".*scan it first/)
    const byFile = await cli(['feedback', photo, '--suggestion', 'pass'], join(dir, 'home-empty'))
    expect(byFile.code).toBe(1)
    expect(byFile.stderr).toMatch(/no image with these bytes was scanned/)
  })
})

describe('greenlight feedback on Green verdicts (the emulator)', () => {
  it('pass on a blocked image: sent to Green, stored, and the CSV export shows it', async () => {
    const emulator = await startEmulator({ port: 0 })
    try {
      const home = join(dir, 'home-green')
      const env = emulatorEnv(emulator)
      emulator.scriptVerdict(
        { bytes: await readFile(photo) },
        {
          scenes: {
            porn: { label: 'porn', suggestion: 'block', rate: 97 },
            ad: { label: 'normal', suggestion: 'pass', rate: 99 },
          },
        },
      )
      const url = 'https://example.com/feedback/ad.jpg'
      emulator.scriptVerdict(
        { url },
        {
          scenes: {
            porn: { label: 'normal', suggestion: 'pass' },
            ad: { label: 'normal', suggestion: 'pass' },
          },
        },
      )
      const scanned = await cli(
        ['scan', photo, url, '--scenes', 'porn,ad', '--endpoint', emulator.endpoint],
        home,
        env,
      )
      expect(scanned.code, scanned.stderr).toBe(0)

      const passed = await cli(
        [
          'feedback',
          photo,
          '--suggestion',
          'pass',
          '--note',
          'a beach photo',
          '--endpoint',
          emulator.endpoint,
        ],
        home,
        env,
      )
      expect(passed.code, passed.stderr).toBe(0)
      expect(passed.stdout).toBe(`${photo}  block → pass  porn sent to Green\n`)
      expect(passed.stderr).toMatch(/Corrected 1 item\(s\); Green was told about 1 image\(s\)\./)

      const blocked = await cli(
        [
          'feedback',
          url,
          '--suggestion',
          'block',
          '--scenes',
          'ad',
          '--label',
          'ad',
          '--endpoint',
          emulator.endpoint,
        ],
        home,
        env,
      )
      expect(blocked.code, blocked.stderr).toBe(0)
      expect(blocked.stdout).toBe(`${url}  pass → block  ad sent to Green\n`)
      expect(emulator.feedback.map((f) => f.body)).toEqual([
        expect.objectContaining({ scenes: ['porn'], suggestion: 'pass', note: 'a beach photo' }),
        expect.objectContaining({ url, scenes: ['ad'], suggestion: 'block', label: 'ad' }),
      ])

      const csv = join(dir, 'green-feedback.csv')
      const exported = await cli(['export', '--csv', csv], home)
      expect(exported.code, exported.stderr).toBe(0)
      const rows = (await readFile(csv, 'utf8')).split('\r\n')
      expect(rows[0]).toContain(',suggestion,porn_label,porn_suggestion,porn_rate,')
      const photoRow = rows.find((r) => r.startsWith(photo))
      // The overall suggestion is the reviewer's; the porn columns still say what Green said.
      expect(photoRow).toMatch(/,done,pass,porn,block,97,/)
      expect(photoRow).toContain(',porn=pass; sent to green; note: a beach photo,green,')
      expect(rows.find((r) => r.startsWith(url))).toMatch(
        /,done,block,.*,ad=block:ad; sent to green,green,/,
      )
    } finally {
      await emulator.close()
    }
  }, 120_000)

  it('without an AccessKey, exits 1 and says how to add one; nothing is changed', async () => {
    const emulator = await startEmulator({ port: 0 })
    try {
      const home = join(dir, 'home-green-nokey')
      const env = emulatorEnv(emulator)
      const scanned = await cli(
        ['scan', other, '--scenes', 'porn', '--endpoint', emulator.endpoint],
        home,
        env,
      )
      expect(scanned.code, scanned.stderr).toBe(0)
      const r = await cli(['feedback', other, '--suggestion', 'block', '--scenes', 'porn'], home)
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(/^failed {2}CREDENTIALS_MISSING {2}.*greenlight credentials set/)
      expect((await itemsIn(home))[0]?.feedback).toBeNull()
    } finally {
      await emulator.close()
    }
  }, 120_000)
})

describe('greenlight feedback on local verdicts', () => {
  it('block is kept locally, and the same image scanned again under another name comes back blocked', async () => {
    const home = join(dir, 'home-local')
    const first = await cli(['scan', photo, '--engine', 'local', '--scenes', 'porn'], home)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^done\s+pass\s/)

    const r = await cli(
      ['feedback', photo, '--suggestion', 'block', '--scenes', 'porn', '--note', 'not for kids'],
      home,
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`${photo}  pass → block  porn kept locally\n`)

    const copy = join(dir, 'renamed-copy.jpg')
    await copyFile(photo, copy)
    const again = await cli(['scan', copy, '--engine', 'local', '--scenes', 'porn'], home)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/^done\s+block\s.*renamed-copy\.jpg.* corrected:porn=block$/m)
    const items = await itemsIn(home)
    expect(items).toHaveLength(2)
    expect(items[1]).toMatchObject({
      source: copy,
      suggestion: 'block',
      feedback: {
        corrections: [{ scene: 'porn', suggestion: 'block', label: null }],
        note: 'not for kids',
        sentTo: 'local',
      },
    })
    // The engine's own verdict is kept beside the correction.
    expect(items[1]?.results[0]?.suggestion).toBe('pass')
  }, 120_000)

  it('pass on a local item is kept locally and needs no AccessKey', async () => {
    const home = join(dir, 'home-local-pass')
    const first = await cli(['scan', other, '--engine', 'local', '--scenes', 'porn,qrcode'], home)
    expect(first.code, first.stderr).toBe(0)
    const [item] = await itemsIn(home)
    const r = await cli(
      ['feedback', String(item?.id), '--suggestion', 'pass', '--scenes', 'porn,qrcode'],
      home,
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`${other}  pass → pass  porn,qrcode kept locally\n`)
    expect((await itemsIn(home))[0]?.feedback?.corrections.map((c) => c.scene)).toEqual([
      'porn',
      'qrcode',
    ])
  }, 120_000)
})
