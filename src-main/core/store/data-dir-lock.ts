import { readFile, rm, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'

export interface DataDirLock {
  /**
   * True when no other running Greenlight has the data folder open. Only what the user is told
   * depends on it ("another Greenlight is using this data folder"): crash recovery is by lease
   * (store/lease.ts), the same in every process, and claims are guarded updates, so no item is
   * taken twice whoever holds the lock.
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
 * never keep a dead lock alive for good. The owner file adds a fast path after `kill -9`: when
 * the recorded holder on this machine is no longer running (gone, or a zombie its parent has not
 * reaped), the lock is taken over at once. Getting it wrong only words a note wrongly.
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
  return !(await isRunning(owner.pid))
}

/**
 * Whether `pid` is a running process. `kill(pid, 0)` alone is not enough: a killed process
 * whose parent has not reaped it yet (a zombie, for good under a PID 1 that never reaps) still
 * answers it. On Linux its state in /proc says so; elsewhere the lock's staleness covers it.
 */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: alive, someone else's. ESRCH: gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  let stat: string
  try {
    stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8')
  } catch {
    return true
  }
  // "pid (comm) S ...": comm may hold spaces and parentheses, so the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
  return state !== 'Z' && state !== 'X'
}
