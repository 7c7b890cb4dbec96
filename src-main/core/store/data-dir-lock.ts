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

/**
 * proper-lockfile rather than a PID file: its lock is a directory whose mtime is refreshed while
 * held, so a crashed holder's lock goes stale by itself (10 s), and a recycled PID can never make
 * a dead lock look alive, which would leave items stuck mid-flight forever.
 */
export async function acquireDataDirLock(
  dataDir: string,
  onCompromised: (error: Error) => void,
): Promise<DataDirLock> {
  try {
    const release = await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, 'greenlight.lock'),
      stale: 10_000,
      // The default throws from a timer, which would crash the host; a log line is enough.
      onCompromised,
    })
    let released = false
    return {
      owner: true,
      release: async () => {
        if (released) return
        released = true
        await release().catch(() => undefined)
      },
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      return { owner: false, release: () => Promise.resolve() }
    }
    throw error
  }
}
