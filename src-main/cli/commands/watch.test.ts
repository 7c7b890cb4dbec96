import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCliInProcess } from '../../../tests/fixtures/run-cli'

// The runs that need real signals spawn the CLI: tests/integration/cli-watch.test.ts.
let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-cli-watch-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('greenlight watch', () => {
  it('refuses a folder that does not exist', async () => {
    const r = await runCliInProcess(['watch', join(dir, 'nope')], join(dir, 'home'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('There is no folder at')
  })
})
