import type { Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

/** The file's stats, or null when it is gone (or no longer a file). */
export async function statFile(path: string): Promise<Stats | null> {
  try {
    const info = await stat(path)
    return info.isFile() ? info : null
  } catch {
    return null
  }
}

export function sameFile(a: { size: number; mtimeMs: number }, b: Stats): boolean {
  return a.size === b.size && a.mtimeMs === Math.trunc(b.mtimeMs)
}

/**
 * Waits until the file's size and mtime stay unchanged for `quietMs`. chokidar only does this for
 * events after its first listing, so files found in that listing (or by a sweep) may still be
 * being copied: they go through here. Returns null if the file vanished or the wait was aborted.
 */
export async function waitUntilStable(
  path: string,
  quietMs: number,
  signal: AbortSignal,
): Promise<Stats | null> {
  let before = await statFile(path)
  while (before !== null) {
    try {
      await sleep(quietMs, undefined, { signal })
    } catch {
      return null
    }
    const after = await statFile(path)
    if (after === null) return null
    if (after.size === before.size && after.mtimeMs === before.mtimeMs) return after
    before = after
  }
  return null
}
