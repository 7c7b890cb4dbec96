import { readFile, rm, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'

export interface DataDirLock {
  /**
   * True when this process holds the data folder. Only the holder does what assumes it is
   * alone: crash recovery (items caught mid-flight go back to the queue) and sweeping the
   * pre-flight temp folder. Another Greenlight on the same folder (the app while the CLI runs)
   * still works the shared queue: claims are guarded updates, so no item is taken twice.
   */
  readonly owner: boolean
  release(): Promise<void>
}

interface Owner {
  readonly pid: number
  readonly host: string
}

const LOCK = 'greenlight.lock'
/** Beside the lock, not in it: proper-lockfile removes its directory with rmdir (empty only). */
const OWNER = 'greenlight.lock.owner'

/**
 * proper-lockfile rather than a bare PID file: its lock is a directory whose mtime is refreshed
 * while held, so a crashed holder's lock goes stale by itself (10 s) and a recycled PID can
 * never keep a dead lock alive for good. The owner file adds the fast path a rerun after
 * `kill -9` needs: when the recorded holder on this machine is no longer running, the lock is
 * taken over at once instead of after the stale period (else the rerun would leave the killed
 * run's items mid-flight). A PID reused meanwhile only means waiting out the stale period.
 */
export async function acquireDataDirLock(
  dataDir: string,
  onCompromised: (error: Error) => void,
): Promise<DataDirLock> {
  const attempt = () =>
    lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, LOCK),
      stale: 10_000,
      // The default throws from a timer, which would crash the host; a log line is enough.
      onCompromised,
    })
  let release: () => Promise<void>
  try {
    release = await attempt()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
    if (!(await holderIsGone(dataDir))) return { owner: false, release: () => Promise.resolve() }
    await rm(join(dataDir, LOCK), { recursive: true, force: true })
    try {
      release = await attempt()
    } catch (again) {
      // Another process took it over in the same instant: it is the holder.
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') {
        return { owner: false, release: () => Promise.resolve() }
      }
      throw again
    }
  }
  const owner: Owner = { pid: process.pid, host: hostname() }
  await writeFile(join(dataDir, OWNER), JSON.stringify(owner)).catch(() => undefined)
  let released = false
  return {
    owner: true,
    release: async () => {
      if (released) return
      released = true
      await rm(join(dataDir, OWNER), { force: true }).catch(() => undefined)
      await release().catch(() => undefined)
    },
  }
}

/** The recorded holder ran on this machine and is no longer running. */
async function holderIsGone(dataDir: string): Promise<boolean> {
  let owner: Partial<Owner>
  try {
    owner = JSON.parse(await readFile(join(dataDir, OWNER), 'utf8')) as Partial<Owner>
  } catch {
    return false // no record (or half written): trust the lock's own staleness
  }
  if (owner.host !== hostname() || typeof owner.pid !== 'number') return false
  if (owner.pid === process.pid) return false
  try {
    process.kill(owner.pid, 0)
    return false
  } catch (error) {
    // EPERM: alive, someone else's. ESRCH: gone.
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
