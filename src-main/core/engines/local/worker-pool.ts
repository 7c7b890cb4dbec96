import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { appError, err, ok, type AppError, type Result } from '../../../../src-shared/result'
import type {
  JobRequest,
  JobSpec,
  RawJudgement,
  WorkerInit,
  WorkerMessage,
} from './worker-protocol'

export interface WorkerPoolOptions {
  /**
   * Default: one worker per core (each runs single-threaded wasm), at most 4: each worker holds
   * its own model and tfjs (~250 MB RSS), and past 4 the disk and decode become the limit.
   */
  readonly size?: number
  readonly init?: Partial<WorkerInit>
  /** Where the worker entry lives; default: next to this module (source, CLI or Electron build). */
  readonly workerUrl?: URL
  /** Consecutive start-up failures after which the pool gives up instead of looping. */
  readonly maxStartFailures?: number
}

interface Pending {
  readonly id: number
  readonly spec: JobSpec
  readonly resolve: (outcome: Result<RawJudgement>) => void
  settled: boolean
  cleanup: () => void
}

interface Slot {
  worker: Worker
  ready: boolean
  busy: Pending | null
}

const cancelled = (): AppError =>
  appError('CANCELLED', 'The scan was cancelled before this image was judged.')

let libvipsHeld: Promise<unknown> | null = null

/**
 * libvips must stay loaded in the main thread: when the last thread holding it exits, glibc
 * unloads it and the next worker to load sharp crashes (sharp issue 2263). Loaded once the first
 * worker is on its way rather than when this module loads, so the CLI can start a worker before
 * anything heavy (see docs/architecture.md §4); a worker needs far longer than that to exit.
 */
function holdLibvips(): void {
  libvipsHeld ??= import('sharp').catch(() => undefined)
}

/** The worker entry beside this module: .ts under vitest/tsx, .mjs in the CLI build, .js in Electron's. */
export function defaultWorkerUrl(base: string = import.meta.url): URL {
  for (const dir of ['./', '../']) {
    for (const name of ['local-worker.mjs', 'local-worker.js', 'local-worker.ts']) {
      const url = new URL(dir + name, base)
      if (existsSync(fileURLToPath(url))) return url
    }
  }
  throw new Error(`The local engine's worker file is missing next to ${base}. Rebuild Greenlight.`)
}

/**
 * A fixed set of worker threads judging one image each at a time. A worker that dies fails only
 * the image it held and is replaced; cancellation drops queued work at once and discards the
 * answer of work already running (wasm cannot be interrupted mid-inference).
 */
export class WorkerPool {
  readonly size: number
  private readonly init: WorkerInit
  private readonly workerUrl: URL
  private readonly maxStartFailures: number
  private readonly slots: (Slot | null)[] = []
  private readonly queue: Pending[] = []
  private nextId = 1
  private startFailures = 0
  private fatal: AppError | null = null
  private closing = false
  private started: Promise<Result<void>> | null = null
  private readyWaiters: ((r: Result<void>) => void)[] = []
  /** Workers replaced after a crash, for tests and diagnostics. */
  restarts = 0
  /** The last uncaught error a worker died of, for the "keeps failing" message. */
  private lastCrash: string | null = null
  backend: string | null = null
  /** tfjs tensors alive in the worker that answered last (leak check). */
  liveTensors: number | null = null

  constructor(options: WorkerPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? Math.min(4, availableParallelism())))
    this.init = { backend: 'wasm', model: 'MobileNetV2Mid', ...options.init }
    this.workerUrl = options.workerUrl ?? defaultWorkerUrl()
    this.maxStartFailures = options.maxStartFailures ?? 3
  }

  /**
   * Starts the first worker (idempotent); resolves once it is ready, or with the load error. The
   * others start only once it is serving and work is waiting for them (see `pump`): loaded all at
   * once they would share the cores and make the first verdict wait for N model loads, and a
   * one-image run never needs them (see docs/architecture.md §4).
   */
  start(): Promise<Result<void>> {
    if (this.fatal) return Promise.resolve(err(this.fatal))
    this.started ??= new Promise((resolve) => {
      this.readyWaiters.push(resolve)
      this.spawn(0)
    })
    return this.started
  }

  /** Workers started so far (the first one alone until work waits for more). */
  get spawned(): number {
    return this.slots.filter((slot) => slot !== null).length
  }

  run(spec: JobSpec, signal?: AbortSignal): Promise<Result<RawJudgement>> {
    if (this.fatal) return Promise.resolve(err(this.fatal))
    if (this.closing) return Promise.resolve(err(cancelled()))
    if (signal?.aborted) return Promise.resolve(err(cancelled()))
    void this.start()
    return new Promise((resolve) => {
      const pending: Pending = {
        id: this.nextId++,
        spec,
        settled: false,
        cleanup: () => undefined,
        resolve: (outcome) => {
          if (pending.settled) return
          pending.settled = true
          pending.cleanup()
          resolve(outcome)
        },
      }
      if (signal) {
        const onAbort = () => {
          const at = this.queue.indexOf(pending)
          if (at >= 0) this.queue.splice(at, 1)
          pending.resolve(err(cancelled()))
        }
        signal.addEventListener('abort', onAbort, { once: true })
        pending.cleanup = () => {
          signal.removeEventListener('abort', onAbort)
        }
      }
      this.queue.push(pending)
      this.pump()
    })
  }

  async close(): Promise<void> {
    this.closing = true
    for (const pending of this.queue.splice(0)) pending.resolve(err(cancelled()))
    const workers = this.slots.map((s) => s?.worker).filter((w): w is Worker => w !== undefined)
    for (const slot of this.slots) if (slot?.busy) slot.busy.resolve(err(cancelled()))
    this.slots.length = 0
    await Promise.all(workers.map((w) => w.terminate()))
    this.settleReady(err(cancelled()))
  }

  private settleReady(result: Result<void>): void {
    for (const waiter of this.readyWaiters.splice(0)) waiter(result)
  }

  private spawn(index: number): void {
    const worker = this.createWorker()
    holdLibvips()
    const slot: Slot = { worker, ready: false, busy: null }
    this.slots[index] = slot
    // Model libraries log to the console; keep that off the CLI's stdout (JSON may go there).
    worker.stdout.resume()
    worker.stderr.resume()
    worker.on('message', (message: WorkerMessage) => {
      this.onMessage(slot, message)
    })
    // An uncaught exception is followed by 'exit'; handling it there covers both.
    worker.on('error', (error) => {
      this.lastCrash = error.message
    })
    worker.on('exit', () => {
      this.onExit(index, slot)
    })
  }

  private createWorker(): Worker {
    const options = { workerData: this.init, stdout: true, stderr: true } as const
    if (!this.workerUrl.pathname.endsWith('.ts')) return new Worker(this.workerUrl, options)
    // Running from TypeScript sources (vitest, tsx scripts): let tsx load the worker's modules.
    // tsx's ESM API (its `require` export is CJS and cannot register ESM hooks).
    const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
    const tsx = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href
    const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(this.workerUrl.href)}) })`
    return new Worker(code, { ...options, eval: true })
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        slot.ready = true
        this.startFailures = 0
        this.backend = message.backend
        this.settleReady(ok(undefined))
        this.pump()
        return
      case 'init-failed':
        this.failAll(message.error)
        return
      case 'result': {
        const job = slot.busy
        if (job?.id !== message.id) return
        slot.busy = null
        this.liveTensors = message.tensors
        job.resolve(message.outcome)
        this.pump()
        return
      }
    }
  }

  private onExit(index: number, slot: Slot): void {
    if (this.closing || this.fatal || this.slots[index] !== slot) return
    const job = slot.busy
    slot.busy = null
    job?.resolve(
      err(
        appError(
          'ENGINE_FAILED',
          'The local engine stopped while judging this image and was restarted. Scan it again; if it fails every time, the file may be malformed.',
          true,
          { reason: 'crashed' },
        ),
      ),
    )
    if (!slot.ready) this.startFailures++
    if (this.startFailures >= this.maxStartFailures) {
      this.failAll(
        appError(
          'ENGINE_FAILED',
          `The local engine keeps failing to start (${this.lastCrash ?? 'no error reported'}). Reinstall Greenlight or use the Green engine.`,
          false,
          { reason: 'model', detail: this.lastCrash ?? 'no error reported' },
        ),
      )
      return
    }
    this.restarts++
    this.spawn(index)
  }

  private failAll(error: AppError): void {
    this.fatal = error
    for (const pending of this.queue.splice(0)) pending.resolve(err(error))
    for (const slot of this.slots) {
      slot?.busy?.resolve(err(error))
      void slot?.worker.terminate()
    }
    this.slots.length = 0
    this.settleReady(err(error))
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot?.ready || slot.busy) continue
      const next = this.queue.shift()
      if (!next) return
      slot.busy = next
      const request: JobRequest = { type: 'job', id: next.id, ...next.spec }
      slot.worker.postMessage(request)
    }
    // Work is waiting and a worker has proved the model loads: now the others are worth starting.
    if (this.queue.length > 0 && this.backend !== null && !this.closing && !this.fatal) {
      for (let i = 1; i < this.size; i++) if (!this.slots[i]) this.spawn(i)
    }
  }
}
