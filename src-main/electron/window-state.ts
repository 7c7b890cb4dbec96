import type { Rectangle } from 'electron'
import type { WindowBounds } from './desktop-state'

export const DEFAULT_SIZE = { width: 1280, height: 820 }
/** At least this much of the title bar must be on a screen, or the window could not be grabbed. */
const GRAB = { width: 120, height: 40 }

const overlap = (a: Rectangle, b: Rectangle) => ({
  width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
  height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
})

/**
 * Where to put the window this time: where it was, if its title bar is still on one of the
 * displays' work areas (a monitor may have been unplugged since); otherwise centred (no x/y) on
 * the primary display. Never larger than the display it lands on.
 */
export function restoreBounds(
  saved: WindowBounds | null,
  workAreas: readonly Rectangle[],
  primary: Rectangle,
): WindowBounds {
  if (!saved) return { ...DEFAULT_SIZE, maximized: false }
  const fit = (area: Rectangle) => ({
    width: Math.min(saved.width, area.width),
    height: Math.min(saved.height, area.height),
  })
  if (saved.x !== undefined && saved.y !== undefined) {
    const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: GRAB.height }
    const home = workAreas.find((area) => {
      const o = overlap(titleBar, area)
      return o.width >= Math.min(GRAB.width, saved.width) && o.height >= GRAB.height / 2
    })
    if (home) {
      const size = fit(home)
      // Pulled fully onto that display, so the grabbable part stays inside it.
      return {
        x: Math.min(Math.max(saved.x, home.x), home.x + home.width - size.width),
        y: Math.min(Math.max(saved.y, home.y), home.y + home.height - size.height),
        ...size,
        maximized: saved.maximized,
      }
    }
  }
  return { ...fit(primary), maximized: saved.maximized }
}

export interface TrackedWindow {
  isMaximized(): boolean
  getNormalBounds(): Rectangle
  on(event: 'close', listener: () => void): unknown
}

/** Saves the window's normal (unmaximized) bounds and whether it was maximized, as it closes. */
export function rememberWindowBounds(
  window: TrackedWindow,
  save: (bounds: WindowBounds) => void,
): void {
  window.on('close', () => {
    save({ ...window.getNormalBounds(), maximized: window.isMaximized() })
  })
}
