import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import packageJson from '../../package.json'

/** Runs the built CLI the way a user does: through the package's bin. */
function greenlight(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/greenlight.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, GREENLIGHT_HOME: mkdtempSync(join(tmpdir(), 'greenlight-cli-')) },
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
})
