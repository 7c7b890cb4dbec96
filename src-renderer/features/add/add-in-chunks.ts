import type { AddOutcome, GreenlightBridge } from '../../../src-shared/ipc'
import { ok, type Result } from '../../../src-shared/result'

/**
 * Limits for one request of an add: well under the contract's 100,000 paths and the
 * harness WebSocket's 16 MiB frame (Electron IPC has no frame limit, and smaller requests also
 * let main answer between chunks). A 100,000-path drop of long paths is tens of MiB.
 */
export interface ChunkLimits {
  readonly maxPaths: number
  readonly maxBytes: number
}

export const CHUNK_LIMITS: ChunkLimits = { maxPaths: 10_000, maxBytes: 4 * 1024 * 1024 }

/** A path's worst-case share of the request's JSON: escaped, then up to 3 UTF-8 bytes a unit. */
function jsonBytes(path: string): number {
  return JSON.stringify(path).length * 3 + 1
}

/** Splits inputs into consecutive chunks, each within both limits (a chunk has at least one). */
export function chunkInputs(
  inputs: readonly string[],
  limits: ChunkLimits = CHUNK_LIMITS,
): string[][] {
  const chunks: string[][] = []
  let current: string[] = []
  let bytes = 0
  for (const input of inputs) {
    const size = jsonBytes(input)
    if (
      current.length > 0 &&
      (current.length >= limits.maxPaths || bytes + size > limits.maxBytes)
    ) {
      chunks.push(current)
      current = []
      bytes = 0
    }
    current.push(input)
    bytes += size
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/**
 * Adds any number of inputs as one add: every chunk but the last is staged in main
 * (`scan:stage-paths`), and the last one prices, asks about and queues the whole add at once
 * (`scan:plan-paths`), so a large drop gets one cost question and one notice, like a small one.
 */
export async function addInChunks(
  bridge: Pick<GreenlightBridge, 'invoke'>,
  inputs: readonly string[],
  limits: ChunkLimits = CHUNK_LIMITS,
): Promise<Result<AddOutcome>> {
  const chunks = chunkInputs(inputs, limits)
  const last = chunks.pop()
  if (last === undefined) return ok({ kind: 'cancelled' })
  let stageId: string | undefined
  for (const paths of chunks) {
    const staged = await bridge.invoke('scan:stage-paths', {
      paths,
      ...(stageId ? { stageId } : {}),
    })
    if (!staged.ok) return staged
    stageId = staged.value.stageId
  }
  return bridge.invoke('scan:plan-paths', { paths: last, ...(stageId ? { stageId } : {}) })
}

/** The one notice for a whole add, as i18n keys and values. */
export function addedNotice(outcome: { added: number; linksOutside: number }): {
  key: 'add.added' | 'add.addedLinkOutside' | 'add.addedLinksOutside'
  values: { count: number; links: number }
} {
  const values = { count: outcome.added, links: outcome.linksOutside }
  if (outcome.linksOutside === 0) return { key: 'add.added', values }
  return {
    key: outcome.linksOutside === 1 ? 'add.addedLinkOutside' : 'add.addedLinksOutside',
    values,
  }
}
