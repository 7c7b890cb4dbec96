import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { applyLoginItem, AUTOSTART_FILE } from './login-item'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenlight-login-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function setup(platform: NodeJS.Platform, current = false) {
  const app = {
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: current })),
    setLoginItemSettings: vi.fn(),
  }
  const deps = {
    app: app as never,
    platform,
    autostartDir: join(dir, 'autostart'),
    executable: '/opt/Greenlight/greenlight',
  }
  return { app, deps }
}

describe('start at login', () => {
  it.each(['darwin', 'win32'] as const)(
    'on %s, sets the login item when the setting differs',
    async (platform) => {
      const on = setup(platform, false)
      await applyLoginItem(on.deps, true)
      expect(on.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true })
      const off = setup(platform, true)
      await applyLoginItem(off.deps, false)
      expect(off.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: false })
      const same = setup(platform, false)
      await applyLoginItem(same.deps, false)
      expect(same.app.setLoginItemSettings).not.toHaveBeenCalled()
    },
  )

  it('on Linux, writes an XDG autostart entry, and removes it when switched off', async () => {
    const { app, deps } = setup('linux')
    await applyLoginItem(deps, true)
    const entry = await readFile(join(deps.autostartDir, AUTOSTART_FILE), 'utf8')
    expect(entry).toContain('Exec="/opt/Greenlight/greenlight"')
    expect(entry).toContain('Type=Application')
    await applyLoginItem(deps, false)
    await expect(stat(join(deps.autostartDir, AUTOSTART_FILE))).rejects.toThrow()
    // Switching off twice is fine.
    await applyLoginItem(deps, false)
    expect(app.setLoginItemSettings).not.toHaveBeenCalled()
  })
})
