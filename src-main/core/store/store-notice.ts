import { rename } from 'node:fs/promises'
import { basename, dirname } from 'node:path'

/** Something opening the store did that the user should hear about; hosts show `message`. */
export interface StoreNotice {
  readonly kind: 'database-moved-aside'
  readonly folder: string
  /** The file's new name, in the same folder. */
  readonly movedTo: string
  readonly reason: string
  readonly message: string
}

/**
 * `<file>.corrupt-<ISO time>`, with the time's colons as dashes so the name is valid on every OS.
 * Its -wal and -shm move with it, under the names SQLite looks for beside the new name.
 */
export async function moveAside(file: string, reason: string, at: Date): Promise<StoreNotice> {
  const movedTo = `${file}.corrupt-${at.toISOString().replace(/:/g, '-')}`
  for (const suffix of ['-wal', '-shm']) {
    await rename(`${file}${suffix}`, `${movedTo}${suffix}`).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    })
  }
  await rename(file, movedTo)
  const folder = dirname(file)
  return {
    kind: 'database-moved-aside',
    folder,
    movedTo,
    reason,
    message: `Greenlight's database in ${folder} could not be read (${reason}). It was kept as ${basename(movedTo)} and a new, empty one was started: earlier verdicts are not in it.`,
  }
}
