import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

export interface SweepOptions {
  /** Only files older than this go. Default 6 h. */
  readonly olderThanMs?: number
  readonly now?: number
}

/**
 * Deletes the files named `prefix*` in `dir` that a crashed run left behind (pre-flight's
 * re-encoded copies, a half-read stdin pipe). Only old ones: another process on the same data
 * folder may be using a fresh one. Returns how many were removed; a missing folder counts as none.
 */
export async function sweepStaleFiles(
  dir: string,
  prefix: string,
  options: SweepOptions = {},
): Promise<number> {
  const olderThanMs = options.olderThanMs ?? 6 * 60 * 60 * 1000
  const now = options.now ?? Date.now()
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return 0
  }
  let removed = 0
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const path = join(dir, name)
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
