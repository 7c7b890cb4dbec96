import { join } from 'node:path'
import type { EngineChoice, EngineId, Item, Scene } from '../../src-shared/domain'
import type { QueueStatus } from '../../src-shared/ipc'
import type { Result } from '../../src-shared/result'
import type { CredentialStore } from './credentials/credential-store'
import { CredentialsService } from './credentials/credentials-service'
import { KeytarCredentialStore } from './credentials/keytar-credential-store'
import { createEngine } from './engines/create-engine'
import {
  enqueueRun,
  resolveRun,
  scanRun,
  type ScanRunRequest,
  type ScanRunResult,
} from './scan-run'
import { forwardTo } from './scan/scan-listeners'
import { ScanService } from './scan/scan-service'
import { removeItems } from './scan/remove-items'
import type { Removal, RemovalTarget } from './store/ports/item-removal'
import { enqueueInputs, reuseOf } from './scan/enqueue-inputs'
import { verdictEngineKey } from './engines/verdict-engine-key'
import { EventHub } from './events/event-hub'
import { followFeed } from './events/follow-feed'
import { ExportService } from './export/export-service'
import { DecisionService } from './feedback/decision-service'
import { FeedbackService } from './feedback/feedback-service'
import { HEADLESS_PORTS, type HostPorts } from './host/host-ports'
import { createFileLogger, type Logger } from './log/logger'
import { classifyInput } from './inputs/classify-input'
import { STDIN_FOLDER, STDIN_PARTIAL_PREFIX } from './inputs/stdin-bytes'
import { sha256File } from './media/hash-file'
import { PREFLIGHT_TEMP_PREFIX } from './media/reencode-image'
import { ensureThumbnail } from './media/thumbnail'
import { acquireDataDirLock, type DataDirLock } from './store/data-dir-lock'
import { itemLeaseWork } from './scan/lease-keeper'
import { DEFAULT_LEASE_POLICY, Leases, leasePolicy, type LeasePolicy } from './store/lease'
import { RUNNING_STATES } from './store/ports/queue-store'
import type { Store } from './store/ports/store'
import type { VerdictCache } from './store/ports/verdict-cache'
import { openStore } from './store/sqlite/open-store'
import type { ChangeFeed } from './store/ports/change-feed'
import { asStorageError } from './store/storage-error'
import type { StoreNotice } from './store/store-notice'
import { sweepStaleFiles } from './sweep-stale-files'
import { Thumbnails } from './thumbnails/thumbnails'
import { WatchService } from './watch/watch-service'
import { StagedInputs } from './cost/staged-inputs'
import { PendingAdds } from './cost/pending-adds'
import { planAdd, type AddPlan } from './cost/plan-add'
import { watchedFolders } from './watch/watched-folders'
import { APP_VERSION } from './version'

export type HostKind = 'electron' | 'cli' | 'harness'

/** What one add may choose differently from the settings (the CLI's flags). */
export interface PlanOverrides {
  readonly engine?: EngineChoice
  readonly scenes?: readonly Scene[]
  readonly bizType?: string | null
  readonly followSymlinks?: boolean
  readonly cwd?: string
}

export interface AppCoreOptions {
  dataDir: string
  host: HostKind
  env?: NodeJS.ProcessEnv
  /** Where secrets live; the OS keychain unless a test passes the in-memory store. */
  credentialStore?: CredentialStore
  /** Coalescing window for events; tests shorten it. */
  flushMs?: number
  /** How often the change feed is read for other processes' changes (store/sqlite/change-feed.ts). */
  feedPollMs?: number
  /**
   * Where the queue and its history live: SQLite in the data folder unless the host passes
   * another implementation of the store ports (docs/architecture.md §1; PostgreSQL is next).
   */
  openStore?: (dataDir: string, options: { log: Logger }) => Promise<Store>
  /** Dialogs and the file manager, as this host has them; none for the CLI. */
  ports?: HostPorts
  /**
   * How long this process's leases last (store/lease.ts); tests shorten it. Default: the
   * environment's GREENLIGHT_LEASE_MS (read for the integration tests only), else 10 s.
   */
  leasePolicy?: LeasePolicy
  /** Epoch ms for decisions' grace periods (feedback/decision-service.ts); tests move it by hand. */
  decisionClock?: () => number
}

/** GREENLIGHT_LEASE_MS: a shorter lease for the kill -9 tests, so reruns wait milliseconds. */
function leasePolicyFrom(env: NodeJS.ProcessEnv): LeasePolicy {
  const ms = Number(env.GREENLIGHT_LEASE_MS)
  return Number.isInteger(ms) && ms > 0 ? leasePolicy(ms) : DEFAULT_LEASE_POLICY
}

/**
 * The composition root every host shares (Electron app, CLI, test harness). Hosts differ only in
 * transport; anything a user can do goes through here.
 */
export class AppCore {
  readonly credentials: CredentialsService
  /** The single place items move through their states (scan/scan-service.ts). */
  readonly scan: ScanService
  /** Watched folders (watch/watch-service.ts); hosts call start() to begin watching. */
  readonly watch: WatchService
  /** Reviewer corrections: sent to Green for Green verdicts, remembered per image (feedback/). */
  readonly feedback: FeedbackService
  /** Reviewer decisions held for a grace period (undo), then sent once (feedback/decision-service.ts). */
  readonly decisions: DecisionService
  /** The OS as this host offers it (host/host-ports.ts). */
  readonly ports: HostPorts
  /** Verdicts already paid for, by content (store/ports/verdict-cache.ts). */
  readonly verdicts: VerdictCache
  /** Exports from the app: Save dialog, streamed write, "Show in folder" by id (export/). */
  readonly exports: ExportService
  /** Every image's thumbnail on first request, whoever scanned it (thumbnails/). */
  readonly thumbnails: Thumbnails

  /**
   * What opening the data folder did that the user should hear about (a damaged database moved
   * aside): already logged; each host shows them its own way (the CLI prints them).
   */
  get notices(): readonly StoreNotice[] {
    return this.store.notices
  }

  /**
   * Another running Greenlight process (the app, a CLI run) has this data folder open: see
   * data-dir-lock.ts. Only for telling the user; no recovery depends on it (leases do that).
   */
  get sharesDataDir(): boolean {
    return !this.lock.owner
  }

  private constructor(
    readonly dataDir: string,
    readonly host: HostKind,
    /** The store ports (store/ports/store.ts): services get these, never a database handle. */
    readonly store: Store,
    readonly events: EventHub,
    readonly log: Logger,
    env: NodeJS.ProcessEnv,
    credentialStore: CredentialStore,
    private readonly lock: DataDirLock,
    ports: HostPorts,
    /** Changes by every process sharing the folder (store/ports/change-feed.ts). */
    private readonly feed: ChangeFeed,
    /** This run's lease identity and clock: crash recovery for every process (store/lease.ts). */
    readonly leases: Leases,
    decisionClock: (() => number) | undefined,
  ) {
    this.ports = ports
    this.thumbnails = new Thumbnails({ items: store.items, thumbsDir: join(dataDir, 'thumbs') })
    this.exports = new ExportService({
      items: store.items,
      dataDir,
      ports,
      language: async () => (await store.settings.get()).language,
      progressChanged: (progress) => {
        events.exportProgressChanged(progress)
      },
    })
    this.credentials = new CredentialsService({
      store: credentialStore,
      profiles: store.profiles,
      env,
      // In a terminal, exported env vars are the user's explicit choice for this run.
      preferEnv: host === 'cli',
      fallbackRegion: async () => (await store.settings.get()).region,
      fallbackEndpoint: async () => (await store.settings.get()).endpoint,
      saveFallbackTarget: async ({ region, endpoint }) => {
        await store.settings.set({ region, endpoint })
      },
      // The keychain is outside the database: the feed hears of it here.
      keychainChanged: () => feed.record('credentials'),
      logger: log,
    })
    const settings = () => store.settings.get()
    this.verdicts = store.verdicts
    this.scan = new ScanService({
      items: store.items,
      verdicts: this.verdicts,
      // Every verdict that lands is corrected by what reviewers said about the same image.
      feedback: store.feedback,
      createEngine: async (id) => {
        const { localThresholds, frameHints } = await settings()
        return createEngine(id, this.credentials, {
          localThresholds,
          frameHints,
          tempDir: join(dataDir, 'tmp'),
          cacheDir: join(dataDir, 'cache'),
        })
      },
      limits: settings,
      verdictEngineKey: async (id) => verdictEngineKey(id, await settings()),
      onInternalError: (error) => {
        log.error('scan service', { code: error.code, message: error.message })
      },
      // The file is read for its hash anyway: make its thumbnail now (best effort, once per
      // content), so the row can show it the moment the verdict arrives.
      hashFile: async (path, signal) => {
        const sha256 = await sha256File(path, signal)
        if (host !== 'cli') await ensureThumbnail(path, sha256, join(dataDir, 'thumbs'), signal)
        return sha256
      },
    })
    // The queue's items, progress and state reach every host through the event hub.
    this.scan.on(forwardTo(events))
    // Every process renews what it holds and takes back what expired, holder of the folder or not
    // (docs/architecture.md §4, "Leases"). The app, `greenlight watch` and a scan under way scan
    // what comes back; another CLI command (an export, a list) only puts it back in the queue.
    leases.add(
      itemLeaseWork(store.items, this.scan, () => {
        if (host !== 'cli' || this.watch.running || this.scan.status().state === 'running') {
          this.scan.start()
        }
      }),
    )
    this.feedback = new FeedbackService({
      items: store.items,
      feedback: store.feedback,
      settings,
      credentials: this.credentials,
      events,
    })
    this.decisions = new DecisionService({
      items: store.items,
      outbox: store.decisions,
      feedback: store.feedback,
      green: this.feedback,
      settings,
      events,
      leases,
      ...(decisionClock ? { now: decisionClock } : {}),
      onError: (message, error) => {
        log.warn(message, { code: error.code, detail: error.message })
      },
    })
    // A claimed send of a process that died comes back (docs/architecture.md §4, "Leases").
    leases.add(this.decisions.leaseWork())
    this.watch = new WatchService({
      store: store.watch,
      settings: store.settings,
      events,
      log,
      // Through addPaths, so watched files become items exactly like any other input.
      enqueue: (paths, engine, scenes) =>
        this.addPaths(paths, engine ?? undefined, scenes ?? undefined),
      moved: (itemIds) => {
        store.items.getMany(itemIds).then(
          (items) => {
            events.itemsChanged(items)
          },
          (error: unknown) => {
            log.error('renamed files', {
              message: error instanceof Error ? error.message : String(error),
            })
          },
        )
      },
    })
    // The queue stopped itself (a refused key): the page words it by code, and Green's own
    // text, a signature mismatch's debug string included, is kept in the log, once per stop.
    let stopLogged: string | null = null
    events.subscribe((event, payload) => {
      if (event !== 'queue:changed') return
      const { error } = payload as QueueStatus
      const key = error ? `${error.code}:${error.message}` : null
      if (error && key !== stopLogged) {
        log.warn('scanning stopped', { code: error.code, detail: error.message })
      }
      stopLogged = key
    })
    // This process's own saves are told at once, in the order they were written (follow-feed.ts).
    store.settings.onChanged((saved) => {
      events.settingsChanged(saved)
    })
    followFeed(feed, events, {
      items: (ids) => store.items.getMany(ids),
      progress: () => store.items.progress(),
      settings,
      credentials: () => this.credentials.status(),
      watchList: () => watchedFolders(this.watch),
    })
    // A folder's watcher changed state (watching, gone, polling): the UI shows the list live.
    this.watch.on((event) => {
      if (event.type !== 'folder') return
      watchedFolders(this.watch).then(
        (folders) => {
          events.watchChanged(folders)
        },
        (error: unknown) => {
          log.error('watch list', {
            message: error instanceof Error ? error.message : String(error),
          })
        },
      )
    })
  }

  static async open(options: AppCoreOptions): Promise<AppCore> {
    const log = createFileLogger(options.dataDir)
    let store: Store
    let lock: DataDirLock
    try {
      store = await (options.openStore ?? openStore)(options.dataDir, { log })
    } catch (error) {
      log.error('could not open the database', {
        message: error instanceof Error ? error.message : String(error),
      })
      throw error
    }
    try {
      lock = await acquireDataDirLock(options.dataDir, (error) => {
        log.error('data folder lock lost', { message: error.message })
      })
    } catch (error) {
      await store.close().catch(() => undefined)
      throw asStorageError(error, options.dataDir)
    }
    // Re-encoded copies a crashed run left behind (pre-flight): they are only ever temporary.
    // Every process sweeps, holder or not: only files far older than any run's use of them go,
    // so another live process's uploads in progress are never touched (sweep-stale-files.ts).
    await sweepStaleFiles(join(options.dataDir, 'tmp'), PREFLIGHT_TEMP_PREFIX)
    // A pipe a killed `scan -` was still reading: the partial file is of no use to anyone.
    await sweepStaleFiles(join(options.dataDir, STDIN_FOLDER), STDIN_PARTIAL_PREFIX)
    if (!lock.owner) log.info('another Greenlight process has this data folder open')
    const env = options.env ?? process.env
    const leases = new Leases({
      policy: options.leasePolicy ?? leasePolicyFrom(env),
      onError: (error) => {
        log.warn('leases', { message: error instanceof Error ? error.message : String(error) })
      },
    })
    store.items.useLease(leases)
    log.info('started', { host: options.host, version: APP_VERSION, platform: process.platform })
    let feed: ChangeFeed
    try {
      feed = await store.openChangeFeed({
        ...(options.feedPollMs !== undefined ? { pollMs: options.feedPollMs } : {}),
        onError: (error) => {
          log.warn('change feed', {
            message: error instanceof Error ? error.message : String(error),
          })
        },
      })
    } catch (error) {
      await store.close().catch(() => undefined)
      await lock.release().catch(() => undefined)
      throw asStorageError(error, options.dataDir)
    }
    const core = new AppCore(
      options.dataDir,
      options.host,
      store,
      new EventHub(options.flushMs),
      log,
      env,
      options.credentialStore ?? new KeytarCredentialStore(),
      lock,
      options.ports ?? HEADLESS_PORTS,
      feed,
      leases,
      options.decisionClock,
    )
    // What dead processes held comes back now (before any claim), then every lease period.
    await leases.start()
    // Decisions whose grace period ended while no app ran are sent now, once. The CLI's
    // `feedback` sends at once and makes none, so a short CLI command does not send for the app.
    if (options.host !== 'cli') await core.decisions.start()
    // The app picks up where a crash left it; the CLI starts the service when it scans.
    if (options.host !== 'cli' && (await store.items.countIn(['queued', ...RUNNING_STATES])) > 0) {
      core.scan.start()
    }
    return core
  }

  /** `auto` means Green when an account is configured, else the offline engine. */
  async resolveEngine(choice: EngineChoice): Promise<EngineId> {
    if (choice !== 'auto') return choice
    return (await this.credentials.status()).configured ? 'green' : 'local'
  }

  /**
   * Each input becomes a durable item before any work on it starts, in the order given (the
   * watcher's index names each file's item). A path already queued, or judged with the same bytes
   * and settings, keeps its item rather than getting a second one (a folder watched again after
   * its index was dropped; docs/architecture.md §4, "Keeping the queue clean").
   */
  async addPaths(paths: readonly string[], engine?: EngineChoice, scenes?: readonly Scene[]) {
    const settings = await this.store.settings.get()
    const engineId = await this.resolveEngine(engine ?? settings.engine)
    const chosen = scenes ?? settings.scenes
    const earlier = await this.store.items.latestBySource(paths, engineId, chosen, settings.bizType)
    const kept = new Map<string, Item>()
    for (const path of paths) {
      const before = earlier.get(path)
      if (before && (await reuseOf(before)) !== null) kept.set(path, before)
    }
    const fresh = paths.filter((p) => !kept.has(p))
    const inserted = await this.store.items.insertMany(
      fresh.map((p) => ({
        ...classifyInput(p),
        engine: engineId,
        scenes: chosen,
        bizType: settings.bizType,
        mode: settings.scanMode,
      })),
    )
    const byPath = new Map(inserted.map((item, i) => [fresh[i] ?? '', item]))
    const items = paths.flatMap((p) => {
      const item = kept.get(p) ?? byPath.get(p)
      return item ? [item] : []
    })
    this.events.itemsChanged(inserted)
    this.events.progressChanged(await this.store.items.progress())
    if (inserted.length > 0) this.scan.start()
    return items
  }

  /**
   * What the user added (the add bar, a drop, a pasted folder): folders are walked, @lists read,
   * repeats reuse their items, and bad inputs are stored as failed with why. The same resolve
   * and enqueue steps as scanRun; the app does not wait for the verdicts, events bring them.
   */
  async addInputs(inputs: readonly string[], engine?: EngineChoice, scenes?: readonly Scene[]) {
    const settings = await this.store.settings.get()
    const run = await resolveRun(this, settings, {
      ...(engine !== undefined ? { engine } : {}),
      ...(scenes !== undefined ? { scenes } : {}),
    })
    const enqueued = await enqueueRun(this, run, inputs)
    if (enqueued.queued.length > 0) this.scan.start()
    return enqueued
  }

  /**
   * Takes items out of the queue and the database, never off the disk (scan/remove-items.ts):
   * the hosts' Remove, Remove all shown and Clear finished.
   */
  removeItems(target: RemovalTarget): Promise<Removal> {
    return removeItems(this, target)
  }

  /**
   * One scan run from inputs to verdicts, waiting for them (scan-run.ts): what `greenlight scan`
   * and the benchmarks call, so hosts only parse flags and print.
   */
  scanRun(request: ScanRunRequest): Promise<Result<ScanRunResult>> {
    return scanRun(this, request)
  }

  /** Priced adds waiting for the user's yes (cost/pending-adds.ts). */
  readonly pendingAdds = new PendingAdds()
  /** The first chunks of an add too large for one message (cost/staged-inputs.ts). */
  readonly stagedInputs = new StagedInputs()

  /** Expands and prices an add without storing anything: the cost is known before the queue. */
  async planInputs(inputs: readonly string[], overrides: PlanOverrides = {}): Promise<AddPlan> {
    const settings = await this.store.settings.get()
    return planAdd(
      { items: this.store.items, verdicts: this.verdicts },
      {
        inputs,
        followSymlinks: overrides.followSymlinks ?? settings.followSymlinks,
        engine: await this.resolveEngine(overrides.engine ?? settings.engine),
        scenes: overrides.scenes ?? settings.scenes,
        settings: {
          ...settings,
          ...(overrides.bizType !== undefined ? { bizType: overrides.bizType } : {}),
        },
        ...(overrides.cwd !== undefined ? { cwd: overrides.cwd } : {}),
      },
    )
  }

  /** Stores and queues exactly the images a plan priced (bad inputs are stored as failed). */
  async addPlanned(plan: AddPlan) {
    const enqueued = await enqueueInputs(this, {
      inputs: plan.bad.map((b) => b.input),
      sources: plan.sources,
      engine: plan.engine,
      scenes: plan.scenes,
      bizType: plan.bizType,
      mode: plan.mode,
    })
    this.events.progressChanged(await this.store.items.progress())
    if (enqueued.queued.length > 0) this.scan.start()
    return enqueued
  }

  async close(): Promise<void> {
    // Watching stops first, so nothing is enqueued into a closing scan service.
    await this.watch.close()
    await this.scan.close()
    await this.decisions.close()
    await this.feed.close()
    // Whatever this run still holds (async tasks owed a verdict) is anyone's at once.
    await this.leases.close()
    this.events.flush()
    await this.store.close()
    await this.lock.release()
  }
}
