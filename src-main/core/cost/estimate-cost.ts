import sharp from 'sharp'
import type { EngineId, Scene, SourceKind } from '../../../src-shared/domain'
import type { CostEstimate } from '../../../src-shared/domain/cost-estimate'
import { readBmpHeader } from '../media/bmp-header'
import { sha256File } from '../media/hash-file'
import { sniffImageFormat } from '../media/image-format'
import type { FrameHints } from '../media/preflight'
import { readRegularFileHead } from '../media/open-regular-file'
import type { QueueStore } from '../store/ports/queue-store'
import type { VerdictCache } from '../store/ports/verdict-cache'
import { billedFrames, type ImageShape } from './billed-frames'

export interface EstimateSource {
  readonly sourceKind: SourceKind
  readonly source: string
}

export interface EstimateRequest {
  readonly sources: readonly EstimateSource[]
  /** Inputs already known to fail (a missing file, an unsupported URL): never billed. */
  readonly unscannable: number
  readonly engine: EngineId
  readonly scenes: readonly Scene[]
  readonly bizType: string | null
  /** The verdict cache's name for the engine under the current settings (verdictEngineKey). */
  readonly engineKey: string
  readonly frameHints: FrameHints
}

export interface EstimateDeps {
  readonly items: Pick<QueueStore, 'latestBySource'>
  readonly verdicts: Pick<VerdictCache, 'lookup'>
  /** sha256 of a file's bytes, or null when it cannot be read. */
  readonly hash?: (path: string) => Promise<string | null>
  /** Format, size and frame count from the header, or null when it is not a readable image. */
  readonly probe?: (path: string) => Promise<ImageShape | null>
}

const hashOrNull = (path: string) => sha256File(path).catch(() => null)

/** Reads headers only: cheap enough to run on thousands of photos before asking the user. */
export async function probeImage(path: string): Promise<ImageShape | null> {
  // Regular files only (a FIFO would block the estimate), as every other read of an input.
  const ends = await readRegularFileHead(path, 64)
  if (!ends.ok || ends.value.size === 0) return null
  const format = sniffImageFormat(ends.value.head)
  if (format === null) return null
  if (format === 'bmp') {
    const header = readBmpHeader(ends.value.head)
    return header
      ? { format, width: header.width, height: header.height, pages: 1, bytes: ends.value.size }
      : null
  }
  try {
    const meta = await sharp(path, { failOn: 'error', limitInputPixels: false }).metadata()
    const size = meta.autoOrient
    return {
      format,
      width: size.width,
      height: size.height,
      pages: meta.pages ?? 1,
      bytes: ends.value.size,
    }
  } catch {
    return null
  }
}

/**
 * The billable units a batch will cost, computed the way the scan service will spend them: an
 * image whose every scene is in the verdict cache, a done item whose file has not changed, and a
 * second copy of the same bytes cost nothing; a file that is not an image fails before upload.
 * One function for every host: the app asks before queuing, `greenlight scan --dry-run` prints it.
 */
export async function estimateCost(
  deps: EstimateDeps,
  request: EstimateRequest,
): Promise<CostEstimate> {
  const { engine, scenes, bizType, frameHints } = request
  const base = { engine, scenes: scenes.length, unscannable: request.unscannable }
  if (engine === 'local') {
    return { ...base, images: 0, frames: 0, units: 0, free: request.sources.length }
  }
  const hash = deps.hash ?? hashOrNull
  const probe = deps.probe ?? probeImage
  const earlier = await deps.items.latestBySource(
    request.sources.map((s) => s.source),
    engine,
    scenes,
    bizType,
  )
  const seen = new Set<string>()
  let images = 0
  let frames = 0
  let free = 0
  let unscannable = request.unscannable
  for (const { sourceKind, source } of request.sources) {
    if (sourceKind === 'url') {
      // Green fetches it: its size and frames are unknown here, so a GIF counts every frame asked.
      images += 1
      frames += /\.gif(\?|#|$)/i.test(source) ? frameHints.maxFrames : 1
      continue
    }
    const sha256 = await hash(source)
    if (sha256 === null) {
      unscannable += 1
      continue
    }
    const before = earlier.get(source)
    const judged = before?.state === 'done' && before.sha256 === sha256
    const cached =
      !judged &&
      !seen.has(sha256) &&
      (await deps.verdicts.lookup({ sha256, engine: request.engineKey, bizType }, scenes))
        .length === scenes.length
    if (judged || cached || seen.has(sha256)) {
      free += 1
      continue
    }
    const shape = await probe(source)
    if (shape === null) {
      unscannable += 1
      continue
    }
    seen.add(sha256)
    images += 1
    frames += billedFrames(shape, frameHints)
  }
  return { ...base, unscannable, images, frames, units: frames * scenes.length, free }
}
