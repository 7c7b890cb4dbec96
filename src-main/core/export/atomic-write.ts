import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import type { WriteStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Writes `file` through a temp file beside it, synced to disk and renamed over the target only
 * once `fill` has finished. A crash or an error at any point leaves the old file (or none), never
 * half a file; the temp file is removed on error.
 *
 * `fill` must finish writing to the stream (stream.pipeline does); the stream then syncs the file
 * to disk and closes it before the rename.
 */
export async function writeFileAtomically(
  file: string,
  fill: (out: WriteStream) => Promise<void>,
): Promise<void> {
  const dir = dirname(file)
  // Same folder, so the rename never crosses a file system; hidden, so nobody opens it half-done.
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  // `wx`: never follow or clobber something already at that name.
  const handle = await open(temp, 'wx')
  try {
    const out = handle.createWriteStream({ flush: true })
    await fill(out)
    if (!out.closed) await once(out, 'close')
    await rename(temp, file)
  } catch (error) {
    await handle.close().catch(() => undefined)
    await rm(temp, { force: true })
    throw error
  }
  await syncFolder(dir)
}

/** Makes the rename itself durable. Folders cannot be opened for fsync on Windows: best effort. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Not supported here; the data itself is already on disk.
  }
}
