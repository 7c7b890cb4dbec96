import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Every temp copy pre-flight writes starts with this, so a sweep never touches anything else. */
export const PREFLIGHT_TEMP_PREFIX = 'preflight-'

/**
 * Deletes temp copies left behind by a run that crashed before calling `cleanup()` (pre-flight
 * copies, or with another `prefix` a half-read stdin pipe in <dataDir>/stdin). Only files
 * older than `olderThanMs` go: another process (the app and the CLI share a data dir) may be
 * uploading a fresh one. Returns how many were removed; a missing folder counts as none.
 */
export async function sweepPreflightTemp(
  tempDir: string,
  olderThanMs = 6 * 60 * 60 * 1000,
  now = Date.now(),
  prefix = PREFLIGHT_TEMP_PREFIX,
): Promise<number> {
  let names: string[]
  try {
    names = await readdir(tempDir)
  } catch {
    return 0
  }
  let removed = 0
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const path = join(tempDir, name)
    try {
      const info = await stat(path)
      if (!info.isFile() || now - info.mtimeMs < olderThanMs) continue
      await rm(path, { force: true })
      removed++
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
  return removed
}
