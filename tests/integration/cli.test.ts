import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import packageJson from '../../package.json'
import { photoLikeJpeg } from '../fixtures/images'

/** Runs the built CLI the way a user does: through the package's bin, `input` piped to stdin. */
function greenlight(...args: string[]) {
  return greenlightIn(mkdtempSync(join(tmpdir(), 'greenlight-cli-')), '', ...args)
}

function greenlightIn(home: string, input: string | Uint8Array, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, GREENLIGHT_HOME: home }
  delete env.ALIBABA_CLOUD_ACCESS_KEY_ID
  delete env.ALIBABA_CLOUD_ACCESS_KEY_SECRET
  const result = spawnSync(process.execPath, ['bin/greenlight.js', ...args], {
    encoding: 'utf8',
    input,
    env,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('greenlight CLI', () => {
  it('--help lists every command and exits 0', () => {
    const { code, stdout } = greenlight('--help')
    expect(code).toBe(0)
    for (const command of ['scan', 'watch', 'export', 'feedback', 'credentials', 'emulator']) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'))
    }
  })

  it('--version prints the package version', () => {
    const { code, stdout } = greenlight('--version')
    expect(code).toBe(0)
    expect(stdout.trim()).toBe(packageJson.version)
  })

  it('exits 2 with help on a usage error', () => {
    const unknown = greenlight('scna')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown command 'scna'")
    const missing = greenlight('feedback', 'x.jpg')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--suggestion')
  })

  it('scan - judges an image piped on stdin, stored once under the data folder; an empty pipe exits 2', async () => {
    const home = mkdtempSync(join(tmpdir(), 'greenlight-cli-stdin-'))
    const jpeg = await photoLikeJpeg(320, 240, 31)
    const stored = join(home, 'stdin', `${createHash('sha256').update(jpeg).digest('hex')}.jpg`)
    const scan = ['scan', '-', '--engine', 'local', '--scenes', 'porn']
    const first = greenlightIn(home, jpeg, ...scan)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^done\s/)
    expect(first.stdout).toContain(stored)
    const again = greenlightIn(home, jpeg, ...scan)
    expect(again.code, again.stderr).toBe(0)
    expect(readdirSync(join(home, 'stdin'))).toEqual([stored.split('/').pop()])
    const empty = greenlightIn(home, '', ...scan)
    expect(empty.code).toBe(2)
    expect(empty.stderr).toMatch(/Nothing arrived on stdin/)
  }, 60_000)
})
