import type { EngineChoice, EngineId, Scene } from '../../src-shared/domain'
import type { CredentialsStatus } from '../../src-shared/ipc'
import { maskAccessKeyId } from './credentials/mask'
import { readEnvAccessKey } from './credentials/env-credentials'
import { EventHub } from './events/event-hub'
import { classifyInput } from './inputs'
import { openStore, type Store } from './store/open-store'

export type HostKind = 'electron' | 'cli' | 'harness'

export interface AppCoreOptions {
  dataDir: string
  host: HostKind
  env?: NodeJS.ProcessEnv
  /** Coalescing window for events; tests shorten it. */
  flushMs?: number
}

/**
 * The composition root every host shares (Electron app, CLI, test harness). Hosts differ only in
 * transport; anything a user can do goes through here.
 */
export class AppCore {
  private constructor(
    readonly dataDir: string,
    readonly host: HostKind,
    readonly store: Store,
    readonly events: EventHub,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async open(options: AppCoreOptions): Promise<AppCore> {
    const store = await openStore(options.dataDir)
    return new AppCore(
      options.dataDir,
      options.host,
      store,
      new EventHub(options.flushMs),
      options.env ?? process.env,
    )
  }

  credentialsStatus(): CredentialsStatus {
    const key = readEnvAccessKey(this.env)
    if (key) {
      return {
        configured: true,
        accessKeyIdMasked: maskAccessKeyId(key.accessKeyId),
        source: 'env',
        region: null,
        profile: null,
      }
    }
    return {
      configured: false,
      accessKeyIdMasked: null,
      source: 'none',
      region: null,
      profile: null,
    }
  }

  /** `auto` means Green when an account is configured, else the offline engine. */
  resolveEngine(choice: EngineChoice): EngineId {
    if (choice !== 'auto') return choice
    return this.credentialsStatus().configured ? 'green' : 'local'
  }

  /** Each input becomes a durable item before any work on it starts. */
  async addPaths(paths: readonly string[], engine?: EngineChoice, scenes?: readonly Scene[]) {
    const settings = await this.store.settings.get()
    const engineId = this.resolveEngine(engine ?? settings.engine)
    const items = await this.store.items.insertMany(
      paths.map((p) => ({
        ...classifyInput(p),
        engine: engineId,
        scenes: scenes ?? settings.scenes,
        bizType: settings.bizType,
      })),
    )
    this.events.itemsChanged(items)
    this.events.progressChanged(await this.store.items.progress())
    return items
  }

  async close(): Promise<void> {
    this.events.flush()
    await this.store.close()
  }
}
