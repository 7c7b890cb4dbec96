import { lstatSync, realpathSync, type Stats } from 'node:fs'
import { realpath } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ChokidarOptions } from 'chokidar'
import { isWithin } from '../inputs/walk-folder'
import { hasImageExtension } from '../media/image-format'

/**
 * How long a file's size must stay still before it counts as complete. With native events every
 * write also restarts the clock, so this is one second of total silence: copy tools, cameras and
 * sync clients write back to back (gaps of milliseconds), so a copy in progress does not pause that
 * long on a local disk, and one second keeps "file closed -> verdict" within the 2 s
 * target (1 s quiet + <= 100 ms poll + <= 200 ms batch window + hashing). A writer that does stall
 * longer is still safe: the later writes arrive as a change, and the final content is rescanned.
 */
const STABILITY_MS = 1000
/** How often a pending file's size is checked while it settles. */
const STABILITY_POLL_MS = 100
/**
 * Polling (network shares, or after the inotify fallback) sees writes only once per interval, so
 * the quiet period must span several intervals before a file is trusted to be complete.
 */
const POLLING_INTERVAL_MS = 1000
const POLLING_STABILITY_MS = 3000
/**
 * How long a settled file that is not a whole image yet (its writer paused longer than the quiet
 * window) may stay unchanged before it is scanned as it is. Generous: a stalled copy or sync
 * resumes within it, and a file that really is damaged still shows up as failed, a minute late.
 */
const INCOMPLETE_LIMIT_MS = 60_000

/**
 * Every wait the watcher makes, in one place, so a host can keep the defaults above and a test can
 * run the same code on windows of milliseconds (watch-kit.test-data.ts: FAST_TIMINGS).
 */
export interface WatchTimings {
  /** Quiet time for files that did not come through chokidar's awaitWriteFinish. */
  stableMs: number
  /** chokidar's awaitWriteFinish quiet time (native events). */
  writeFinishMs: number
  /** How often chokidar checks a pending file's size while it settles. */
  statPollMs: number
  /** Polling mode: how often files are stat'ed, and the quiet time they need. */
  pollingIntervalMs: number
  pollingStableMs: number
  /** How often a settled but incomplete file is checked for a resumed write. */
  recheckMs: number
  incompleteLimitMs: number
  /** How long after a delete the folder's other indexed files are checked for missed unlinks. */
  goneRecheckMs: number
  /**
   * How long after a folder appears inside a watched one it is walked for files chokidar missed.
   * Not derived from stableMs: it covers chokidar setting up the new folder's watch, which takes
   * as long on a test's short windows as on the real ones (shorter, and a burst into a new folder
   * on a busy machine loses files to the gap).
   */
  newDirSweepMs: number
  /** Writes to the index are batched over this window. */
  batchWindowMs: number
  /** How often a folder's existence is checked (to notice it leaving and coming back). */
  healthMs: number
}

/** The production timings; hosts pass nothing and get these. */
export const WATCH_TIMINGS: Readonly<WatchTimings> = {
  stableMs: STABILITY_MS,
  writeFinishMs: STABILITY_MS,
  statPollMs: STABILITY_POLL_MS,
  pollingIntervalMs: POLLING_INTERVAL_MS,
  pollingStableMs: POLLING_STABILITY_MS,
  recheckMs: STABILITY_MS,
  incompleteLimitMs: INCOMPLETE_LIMIT_MS,
  goneRecheckMs: STABILITY_MS + 500,
  newDirSweepMs: STABILITY_MS,
  batchWindowMs: 200,
  healthMs: 1000,
}

/**
 * The defaults with some replaced. `stableMs` alone moves the waits derived from it (chokidar's
 * quiet time, the recheck, the delete recheck), so a test that shortens it shortens them all.
 */
export function watchTimings(overrides: Partial<WatchTimings> = {}): WatchTimings {
  const stableMs = overrides.stableMs ?? WATCH_TIMINGS.stableMs
  return {
    ...WATCH_TIMINGS,
    writeFinishMs: stableMs,
    recheckMs: stableMs,
    goneRecheckMs: stableMs + 500,
    ...overrides,
  }
}

/** Temp or partial names that downloaders, sync clients and Office write before the final name. */
const PARTIAL_SUFFIXES = ['.part', '.crdownload', '.tmp', '.partial', '.download']

/**
 * True for a name the watcher must never pick up: dotfiles (which covers `.~lock` files and macOS
 * `._` shadows), `~$` Office owner files, and partial downloads.
 */
export function isIgnoredName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~$')) return true
  const lower = name.toLowerCase()
  return PARTIAL_SUFFIXES.some((suffix) => lower.endsWith(suffix))
}

/**
 * chokidar's `ignored` for one watched root. chokidar asks once without stats (we can only judge
 * the name then) and again with them (files that are not images are dropped). The root itself is
 * never ignored, even if the user chose a hidden folder.
 */
export function ignoredFor(
  root: string,
  leadsOutside: (path: string) => boolean = () => false,
): (path: string, stats?: Stats) => boolean {
  return (path, stats) => {
    if (path === root) return false
    const name = basename(path)
    if (isIgnoredName(name)) return true
    if (stats?.isFile() === true && !hasImageExtension(name)) return true
    return leadsOutside(path)
  }
}

/**
 * Which symlinks chokidar must not follow (its `ignored` is asked before it follows one; sync,
 * one lstat per path). A link whose target lies inside the folder is a second route to what is
 * watched under its own path anyway: following it only duplicates events, and a link to an
 * ancestor made chokidar list forever. A link leading outside is refused (the rule folder walks
 * follow, walk-folder.ts) unless `followOutside`; then each outside target is followed through
 * one link only, so loops out there end too.
 */
export function linkIgnored(rootReal: string, followOutside: boolean): (path: string) => boolean {
  const root = new Set([rootReal])
  const followedBy = new Map<string, string>()
  return (path) => {
    try {
      if (!lstatSync(path).isSymbolicLink()) return false
      const real = realpathSync(path)
      if (isWithin(real, root) || !followOutside) return true
      const owner = followedBy.get(real)
      if (owner === undefined) followedBy.set(real, path)
      return owner !== undefined && owner !== path
    } catch {
      // Gone or unreadable: chokidar finds out itself.
      return false
    }
  }
}

/** The folder's real path (links resolved), or the path itself when it cannot be resolved. */
export async function realFolder(path: string): Promise<string> {
  return realpath(path).catch(() => path)
}

function realFolderSync(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

export interface WatcherSettings {
  recursive: boolean
  polling: boolean
  /** Follow links wherever they lead (the followSymlinks setting); else only inside root. */
  followOutside?: boolean
  timings?: WatchTimings
}

/** The one place chokidar is configured (why each value: the constants above). */
export function chokidarOptions(root: string, settings: WatcherSettings): ChokidarOptions {
  const t = settings.timings ?? WATCH_TIMINGS
  return {
    ignored: ignoredFor(root, linkIgnored(realFolderSync(root), settings.followOutside === true)),
    persistent: true,
    ignoreInitial: false,
    followSymlinks: true,
    alwaysStat: true,
    ignorePermissionErrors: true,
    ...(settings.recursive ? {} : { depth: 0 }),
    usePolling: settings.polling,
    ...(settings.polling
      ? { interval: t.pollingIntervalMs, binaryInterval: t.pollingIntervalMs }
      : {}),
    awaitWriteFinish: {
      stabilityThreshold: settings.polling ? t.pollingStableMs : t.writeFinishMs,
      pollInterval: t.statPollMs,
    },
  }
}

/** What to tell the user when the OS runs out of file watchers (ENOSPC) or descriptors (EMFILE). */
export function watchLimitMessage(folder: string, code: string): string {
  const what =
    code === 'ENOSPC'
      ? 'The system ran out of inotify watches'
      : 'The system ran out of open files for watching'
  return (
    `${what} while watching ${folder}; watching it by polling instead (slower, more disk reads). ` +
    'To watch natively, raise the limit: `echo fs.inotify.max_user_watches=524288 | sudo tee ' +
    '/etc/sysctl.d/60-greenlight.conf && sudo sysctl --system` (for EMFILE also raise ' +
    '`ulimit -n`), then restart Greenlight.'
  )
}
