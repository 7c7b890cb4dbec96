import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'

// Names that retitle the terminal window and clear the screen when printed raw.
const TITLE = '\x1b]0;pwned\x07'
const CLEAR = '\x1b[2J'
const TITLE_SHOWN = '\\x1b]0;pwned\\x07'
const CLEAR_SHOWN = '\\x1b[2J'

let dir = ''
let home = ''
let photos = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-cli-escapes-'))
  home = join(dir, 'home')
  photos = join(dir, 'photos')
  await mkdir(photos)
  await writeFile(join(photos, `${TITLE}.jpg`), await photoLikeJpeg(160, 120, 61))
  await writeFile(join(photos, `${CLEAR}.jpg`), 'not an image, whatever the name says')
}, 60_000)

afterAll(() => rm(dir, { recursive: true, force: true }))

/** No byte a terminal would act on: ESC, BEL, or any other C0/C1 control but the line ends. */
function expectInert(output: string): void {
  // eslint-disable-next-line no-control-regex -- the control characters are what is checked
  expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u)
}

describe('file names with escape sequences are printed escaped', () => {
  it('by scan: verdict lines, failure lines and their messages', async () => {
    const r = await runCliInProcess(
      ['scan', photos, '--engine', 'local', '--scenes', 'qrcode'],
      home,
    )
    expect(r.code, r.stderr).toBe(1)
    expectInert(r.stdout)
    expectInert(r.stderr)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^done .*${escapeRegExp(join(photos, `${TITLE_SHOWN}.jpg`))}`),
      ),
    )
    const failed = lines.find((l) => l.startsWith('failed'))
    expect(failed).toContain(`NOT_AN_IMAGE ${join(photos, `${CLEAR_SHOWN}.jpg`)}`)
    expect(failed).toContain(`  ${CLEAR_SHOWN}.jpg is not an image`)
  }, 120_000)

  it('by export: where it wrote, and why it could not', async () => {
    const csv = join(dir, `${TITLE}.csv`)
    const written = await runCliInProcess(['export', '--csv', csv], home)
    expect(written.code, written.stderr).toBe(0)
    expectInert(written.stderr)
    expect(written.stderr).toContain(`to ${join(dir, `${TITLE_SHOWN}.csv`)}.`)

    const blocked = join(photos, `${CLEAR}.jpg`, 'out.csv')
    const refused = await runCliInProcess(['export', '--csv', blocked], home)
    expect(refused.code).toBe(1)
    expectInert(refused.stderr)
    expect(refused.stderr).toContain(CLEAR_SHOWN)
  })

  it('by feedback and by usage errors', async () => {
    const corrected = await runCliInProcess(
      ['feedback', join(photos, `${TITLE}.jpg`), '--suggestion', 'block', '--scenes', 'porn'],
      home,
    )
    expect(corrected.code, corrected.stderr).toBe(0)
    expectInert(corrected.stdout)
    expect(corrected.stdout).toContain(join(photos, `${TITLE_SHOWN}.jpg`))

    const missing = await runCliInProcess(['watch', join(dir, CLEAR)], home)
    expect(missing.code).toBe(2)
    expectInert(missing.stderr)
    expect(missing.stderr).toContain(join(dir, CLEAR_SHOWN))

    const unknown = await runCliInProcess(['scan', photos, `--${TITLE}`], home)
    expect(unknown.code).toBe(2)
    expectInert(unknown.stderr)
    expect(unknown.stderr).toContain(TITLE_SHOWN)
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
