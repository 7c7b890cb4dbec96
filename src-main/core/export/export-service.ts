import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import { COMMAND_LABELS, type Language } from '../../../src-shared/commands'
import type {
  ExportProgress,
  ExportRunResult,
  ExportScope,
  InvokeParsedRequest,
} from '../../../src-shared/ipc'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import type { HostPorts } from '../host/host-ports'
import type { ItemQueries, ItemQuery } from '../store/ports/item-queries'
import { exportFromStore } from './export-from-store'

export interface ExportServiceDeps {
  readonly items: ItemQueries
  readonly dataDir: string
  readonly ports: HostPorts
  /** The user's language, for the Save dialog's title. */
  readonly language: () => Promise<Language>
  readonly progressChanged: (progress: ExportProgress) => void
  /** For the progress pace; tests may pass their own. */
  readonly now?: () => number
}

/** A count goes out once an export has run this long, and then at most this often. */
const PROGRESS_EVERY_MS = 250
/** Finished exports remembered for "Show in folder" (ids only ever reach the renderer). */
const KEEP_FINISHED = 20

/**
 * Exports from the app: asks main's Save dialog where, writes there through the same streaming,
 * atomic export as the CLI, and remembers the file under an opaque id, so the renderer can have
 * it revealed without ever holding a path.
 */
export class ExportService {
  private readonly finished = new Map<string, string>()
  private readonly running = new Map<string, AbortController>()

  constructor(private readonly deps: ExportServiceDeps) {}

  async run(request: InvokeParsedRequest<'export:run'>): Promise<Result<ExportRunResult>> {
    const { format, layout, scope, history } = request
    const language = await this.deps.language()
    let file: string | null
    try {
      file = await this.deps.ports.dialogs.saveFile({
        title: COMMAND_LABELS[language].export.replace(/…$/, ''),
        defaultName: defaultName(format, history),
        filters: [{ name: format.toUpperCase(), extensions: [format] }],
      })
    } catch (error) {
      return err(appError('INTERNAL', error instanceof Error ? error.message : String(error)))
    }
    if (file === null) return ok({ status: 'cancelled' })
    const exportId = randomUUID()
    const controller = new AbortController()
    this.running.set(exportId, controller)
    try {
      const result = await exportFromStore(this.deps.items, {
        format,
        file,
        layout,
        query: scopeQuery(scope),
        history,
        dataDir: this.deps.dataDir,
        signal: controller.signal,
        onItem: this.pacedProgress(exportId),
      })
      if (!result.ok) return result
      this.remember(exportId, result.value.file)
      const { items, rows } = result.value
      return ok({ status: 'done', exportId, fileName: basename(result.value.file), items, rows })
    } finally {
      this.running.delete(exportId)
    }
  }

  /** Stops a running export (it ends with CANCELLED and writes nothing). */
  cancel(exportId: string): boolean {
    const controller = this.running.get(exportId)
    controller?.abort()
    return controller !== undefined
  }

  async showInFolder(exportId: string): Promise<Result<null>> {
    const file = this.finished.get(exportId)
    if (file === undefined) {
      return err(
        appError('NOT_FOUND', 'That export is no longer known: export again to see it.', false, {
          reason: 'export',
        }),
      )
    }
    const shown = await this.deps.ports.shell.showInFolder(file)
    return shown.ok ? ok(null) : shown
  }

  private remember(exportId: string, file: string): void {
    this.finished.set(exportId, file)
    for (const old of this.finished.keys()) {
      if (this.finished.size <= KEEP_FINISHED) break
      this.finished.delete(old)
    }
  }

  /** Quiet for a short export; a few counts a second for a long one. */
  private pacedProgress(exportId: string): (items: number) => void {
    const now = this.deps.now ?? Date.now
    let last = now()
    return (items) => {
      const at = now()
      if (at - last < PROGRESS_EVERY_MS) return
      last = at
      this.deps.progressChanged({ exportId, items })
    }
  }
}

function scopeQuery(scope: ExportScope): Omit<ItemQuery, 'maxId' | 'currentOnly'> {
  switch (scope.kind) {
    case 'all':
      return {}
    case 'filter':
      return scope.filter
    case 'selection':
      return { sourcesOf: scope.itemIds }
  }
}

function defaultName(format: 'csv' | 'json', history: boolean): string {
  const day = new Date().toISOString().slice(0, 10)
  return `greenlight-${history ? 'history-' : ''}${day}.${format}`
}
