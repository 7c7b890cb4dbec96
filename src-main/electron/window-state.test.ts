import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { EventEmitter } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DesktopStateFile } from './desktop-state'
import { DEFAULT_SIZE, rememberWindowBounds, restoreBounds } from './window-state'

const PRIMARY = { x: 0, y: 0, width: 1920, height: 1040 }
const RIGHT = { x: 1920, y: 0, width: 1280, height: 984 }

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenlight-window-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('window bounds', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(restoreBounds(null, [PRIMARY], PRIMARY)).toEqual({ ...DEFAULT_SIZE, maximized: false })
  })

  it('comes back where it was, on the second display, maximized or not', () => {
    const saved = { x: 2000, y: 100, width: 1000, height: 700, maximized: true }
    expect(restoreBounds(saved, [PRIMARY, RIGHT], PRIMARY)).toEqual(saved)
  })

  it('moves to the primary display when the display it was on is gone', () => {
    const saved = { x: 2000, y: 100, width: 1000, height: 700, maximized: false }
    expect(restoreBounds(saved, [PRIMARY], PRIMARY)).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    })
  })

  it('pulls a window hanging off the edge back on, and shrinks one bigger than the display', () => {
    const hanging = { x: 1700, y: -10, width: 800, height: 600, maximized: false }
    expect(restoreBounds(hanging, [PRIMARY], PRIMARY)).toMatchObject({ x: 1120, y: 0 })
    const huge = { x: 0, y: 0, width: 4000, height: 3000, maximized: false }
    expect(restoreBounds(huge, [PRIMARY], PRIMARY)).toMatchObject({ width: 1920, height: 1040 })
  })

  it('saves the normal bounds and the maximized flag when the window closes, and reads them back', async () => {
    const file = new DesktopStateFile(join(dir, 'desktop-state.json'))
    await file.load()
    const window = Object.assign(new EventEmitter(), {
      isMaximized: () => true,
      getNormalBounds: () => ({ x: 10, y: 20, width: 1000, height: 700 }),
    })
    let saving: Promise<void> | undefined
    rememberWindowBounds(window, (bounds) => {
      saving = file.update({ window: bounds })
    })
    window.emit('close')
    await saving
    const again = await new DesktopStateFile(join(dir, 'desktop-state.json')).load()
    expect(again.window).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true })
  })

  it('starts with nothing remembered when the state file is corrupt or foreign', async () => {
    const path = join(dir, 'desktop-state.json')
    await writeFile(path, '{"window": {"width": "wide"}, "backgroundNoticeShown": "yes"')
    expect(await new DesktopStateFile(path).load()).toEqual({
      window: null,
      backgroundNoticeShown: false,
    })
    await writeFile(path, '{"window": {"width": "wide"}, "backgroundNoticeShown": true}')
    const file = new DesktopStateFile(path)
    expect(await file.load()).toEqual({ window: null, backgroundNoticeShown: true })
    await file.update({ backgroundNoticeShown: true })
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      window: null,
      backgroundNoticeShown: true,
    })
  })
})
