import { DebugLogger } from 'builder-util'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

async function loadConfig() {
  return getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null)
}

/** The pixel sizes inside an .ico (a width byte of 0 means 256). */
function icoSizes(bytes: Buffer): number[] {
  expect(bytes.readUInt16LE(2)).toBe(1)
  return Array.from({ length: bytes.readUInt16LE(4) }, (_, i) => bytes.readUInt8(6 + 16 * i) || 256)
}

/** The OSTypes inside an .icns, checking each chunk's length adds up to the file's. */
function icnsTypes(bytes: Buffer): string[] {
  expect(bytes.toString('latin1', 0, 4)).toBe('icns')
  expect(bytes.readUInt32BE(4)).toBe(bytes.length)
  const types: string[] = []
  for (let at = 8; at < bytes.length; at += bytes.readUInt32BE(at + 4)) {
    types.push(bytes.toString('latin1', at, at + 4))
  }
  return types
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(await loadConfig(), new DebugLogger(false))).resolves.toBe(
      undefined,
    )
  })

  it('points every platform at an icon that exists', async () => {
    const config = await loadConfig()
    const icons = [config.mac?.icon, config.win?.icon, config.linux?.icon]
    expect(icons.every((icon) => typeof icon === 'string')).toBe(true)
    for (const icon of icons) await expect(stat(join(ROOT, icon!))).resolves.toBeTruthy()
  })

  it('ships a Linux icon for every size, each really that size', async () => {
    const dir = join(ROOT, (await loadConfig()).linux!.icon!)
    const names = await readdir(dir)
    for (const size of LINUX_SIZES) {
      const name = `${String(size)}x${String(size)}.png`
      expect(names).toContain(name)
      const meta = await sharp(join(dir, name)).metadata()
      expect([meta.format, meta.width, meta.height]).toEqual(['png', size, size])
    }
  })

  it('packs .ico and .icns with the sizes Windows and macOS look for', async () => {
    const config = await loadConfig()
    const ico = await readFile(join(ROOT, config.win!.icon!))
    expect(icoSizes(ico)).toEqual(expect.arrayContaining([16, 32, 48, 256]))
    const icns = await readFile(join(ROOT, config.mac!.icon!))
    expect(icnsTypes(icns)).toEqual(
      expect.arrayContaining(['icp4', 'icp5', 'ic07', 'ic08', 'ic10']),
    )
  })

  it('packages the run-time icons the window and tray load', async () => {
    const config = await loadConfig()
    expect(config.extraResources).toEqual([
      { from: 'resources/icons', to: 'icons', filter: ['*.png'] },
    ])
    const names = await readdir(join(ROOT, 'resources', 'icons'))
    expect(names).toEqual(
      expect.arrayContaining([
        '256x256.png',
        '32x32.png',
        'trayTemplate.png',
        'trayTemplate@2x.png',
      ]),
    )
  })
})
