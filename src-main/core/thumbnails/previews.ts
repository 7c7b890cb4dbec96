import {
  ensurePreview,
  MAX_PREVIEW_FRAME,
  previewPath,
  type PreviewSize,
} from '../media/preview-image'
import { MadeOnRequest, type MadeOnRequestOptions } from './made-on-request'

export interface PreviewsOptions extends MadeOnRequestOptions {
  /** `<dataDir>/previews`. */
  readonly previewsDir: string
}

export interface PreviewRequest {
  readonly sha256: string
  readonly size: PreviewSize
  /** The frame of an animated image to show: the one the verdict matched, else the first. */
  readonly frame: number
}

/**
 * The loupe's large images (docs/architecture.md §6), made like thumbnails on first request from
 * a file that still holds the hashed bytes, and cached by hash, size and frame in the data dir.
 */
export class Previews {
  private readonly made: MadeOnRequest

  constructor(private readonly options: PreviewsOptions) {
    // One at a time: a preview decodes a whole photo, a 1:1 view holds every pixel of it.
    this.made = new MadeOnRequest({ ...options, concurrency: options.concurrency ?? 1 })
  }

  /** The file that serves `request` once it exists (made now if need be), or null. */
  async ensure(request: PreviewRequest): Promise<string | null> {
    const { sha256, size } = request
    if (!Number.isInteger(request.frame) || request.frame < 0 || request.frame > MAX_PREVIEW_FRAME)
      return null
    const path = previewPath(this.options.previewsDir, sha256, size, request.frame)
    const made = await this.made.ensure(
      sha256,
      `${sha256}-${String(request.frame)}-${size}`,
      (source) =>
        ensurePreview(source, sha256, this.options.previewsDir, { size, frame: request.frame }),
    )
    return made ? path : null
  }
}
