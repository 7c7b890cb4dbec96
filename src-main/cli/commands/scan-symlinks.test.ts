import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { emulatorEnv } from '../../../tests/fixtures/emulator-engine'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'
import { startEmulator, type RunningEmulator } from '../../core/engines/green/emulator/emulator'

let dir = ''
let emulator: RunningEmulator

/** `scan` against the emulator: every image found would be uploaded, as to Green. */
const scan = (args: string[], home: string) =>
  runCliInProcess(
    ['scan', ...args, '--scenes', 'porn', '--endpoint', emulator.endpoint],
    join(dir, home),
    emulatorEnv(emulator),
  )

const scannedPaths = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('done'))
    .map((line) => line.split(/\s+/)[2])

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-cli-links-'))
  emulator = await startEmulator({ port: 0, qps: 0 })
  await mkdir(join(dir, 'untrusted'))
  await mkdir(join(dir, 'private'))
  await writeFile(join(dir, 'untrusted', 'own.jpg'), await photoLikeJpeg(320, 240, 1))
  await writeFile(join(dir, 'private', 'holiday.jpg'), await photoLikeJpeg(320, 240, 2))
  await symlink('/', join(dir, 'untrusted', 'whole-disk'))
  await symlink(join(dir, 'private'), join(dir, 'untrusted', 'photos'))
}, 60_000)

afterAll(async () => {
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})

describe('greenlight scan and links leading outside the folder', () => {
  it('scans only the folder’s own images and says how many links it skipped', async () => {
    const r = await scan([join(dir, 'untrusted')], 'home-1')
    expect(r.code, r.stderr).toBe(0)
    expect(scannedPaths(r.stdout)).toEqual([join(dir, 'untrusted', 'own.jpg')])
    expect(r.stderr).toContain(
      '2 links leading outside the folder were skipped (--follow-symlinks follows them).',
    )
  })

  it('--follow-symlinks follows a link outside the folder', async () => {
    // Without the link to `/`: following that one would really scan the whole disk.
    const folder = join(dir, 'shared')
    await mkdir(folder)
    await writeFile(join(folder, 'own.jpg'), await photoLikeJpeg(320, 240, 3))
    await symlink(join(dir, 'private'), join(folder, 'photos'))
    const r = await scan([folder, '--follow-symlinks'], 'home-2')
    expect(r.code, r.stderr).toBe(0)
    expect(scannedPaths(r.stdout).sort()).toEqual(
      [join(folder, 'own.jpg'), join(folder, 'photos', 'holiday.jpg')].sort(),
    )
    expect(r.stderr).not.toContain('skipped')
  })

  it('follows a link given directly on the command line', async () => {
    const link = join(dir, 'link-to-private')
    await symlink(join(dir, 'private'), link)
    const r = await scan([link], 'home-3')
    expect(r.code, r.stderr).toBe(0)
    expect(scannedPaths(r.stdout)).toEqual([join(link, 'holiday.jpg')])
  })
})
