import type { GreenlightBridge } from '../../../src-shared/ipc'
import type { AppError } from '../../../src-shared/result'

/**
 * Limits for one `scan:add-paths` request: well under the contract's 100,000 paths and the
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

export interface AddOutcome {
  /** Items added (or reused) by the chunks that went through, each counted once. */
  readonly added: number
  /** Links leading outside the added folders, skipped. */
  readonly linksOutside: number
  /** The first chunk that failed stops the rest; what came before it stays added. */
  readonly error: AppError | null
}

/** Adds any number of inputs as a series of `scan:add-paths` requests, with one combined outcome. */
export async function addInChunks(
  bridge: Pick<GreenlightBridge, 'invoke'>,
  inputs: readonly string[],
  limits: ChunkLimits = CHUNK_LIMITS,
): Promise<AddOutcome> {
  // By id: two chunks naming the same image (by two spellings) share its item.
  const items = new Set<number>()
  let linksOutside = 0
  for (const paths of chunkInputs(inputs, limits)) {
    const result = await bridge.invoke('scan:add-paths', { paths })
    if (!result.ok) return { added: items.size, linksOutside, error: result.error }
    for (const id of result.value.itemIds) items.add(id)
    linksOutside += result.value.linksOutside
  }
  return { added: items.size, linksOutside, error: null }
}

/** The one notice for a whole add, as i18n keys and values. */
export function addedNotice(outcome: AddOutcome): {
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
