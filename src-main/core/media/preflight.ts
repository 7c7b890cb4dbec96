import { mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename } from 'node:path'
import sharp from 'sharp'
import type { ItemNote } from '../../../src-shared/domain'
import { appError, err, ok, toAppError, type Result } from '../../../src-shared/result'
import { BmpError, decodeBmp } from './bmp'
import { readBmpHeader } from './bmp-header'
import {
  GREEN_MAX_BYTES,
  fitWithinLimits,
  isGreenFormat,
  isLongImage,
  overPixelLimits,
  type GreenFormat,
  type Size,
} from './green-limits'
import { sniffImageFormat, type ImageFormat } from './image-format'
import { MAX_DECODE_PIXELS, overDecodeLimit, tooManyPixelsError } from './image-size-policy'
import { MAX_IMAGE_FILE_BYTES, readRegularFile, type FileBytes } from './open-regular-file'
import {
  corruptError,
  emptyFileError,
  notAnImageError,
  sharpError,
  tempDirError,
} from './preflight-errors'
import { describeChange } from './preflight-note'
import { reencodeImage, type ReencodeOutput, type ReencodeSource } from './reencode-image'

/** Green's `interval`/`maxFrames` task fields, from settings. */
export interface FrameHints {
  readonly interval: number
  readonly maxFrames: number
}

export interface PreflightOptions {
  /** Where over-limit copies are written, e.g. `<dataDir>/tmp`; created if missing. */
  readonly tempDir?: string
  /** Settings-driven frame hints; given to animated GIFs and long images only. */
  readonly frameHints?: FrameHints
  /** Decode each image that is sent as it is, to catch truncated files before upload. */
  readonly verifyDecode?: boolean
  /** Images above this many pixels are refused rather than downscaled (memory and time). */
  readonly limitInputPixels?: number
  /** Frames × pixels an animation may have for all its frames to be resized in memory. */
  readonly maxAnimationPixels?: number
  /** Over-limit bitmaps are read whole (sharp has no BMP reader); bigger ones are refused. */
  readonly maxBitmapBytes?: number
  /** Cancels the read of the original (and gives up on a hung disk). */
  readonly signal?: AbortSignal
  /** The file's bytes, already read once by the caller: used instead of reading `path`. */
  readonly original?: FileBytes
}

export const DEFAULT_PREFLIGHT_OPTIONS = {
  verifyDecode: true,
  // The local engine's limit too, so both engines judge or refuse the same images.
  limitInputPixels: MAX_DECODE_PIXELS,
  // An RGBA animation this big is 256 MB decoded: the ceiling for keeping every frame.
  maxAnimationPixels: 64_000_000,
  maxBitmapBytes: 256 * 1024 * 1024,
} as const

export interface ImageFacts {
  readonly width: number
  readonly height: number
  readonly bytes: number
  readonly frames: number
}

export interface PreflightOk extends ImageFacts {
  /** The file to upload: the original, or a temp copy that fits Green's limits. */
  readonly path: string
  /**
   * The original's bytes, read once: what is sent when `temporary` is false (the path may hold
   * other bytes by now), and what the temp copy was made from otherwise.
   */
  readonly content: Uint8Array
  /** sha256 of `content`: the bytes the verdict will be for. */
  readonly sha256: string
  readonly originalPath: string
  /** Sniffed from the original's bytes. */
  readonly format: ImageFormat
  readonly sentFormat: GreenFormat
  /** The original's facts; width, height, bytes and frames above describe what is sent. */
  readonly original: ImageFacts
  readonly interval?: number
  readonly maxFrames?: number
  /** What was changed and why, for the item's record; null when the original is sent. */
  readonly note: ItemNote | null
  readonly temporary: boolean
  /** Deletes the temp copy, if any. Safe to call more than once. */
  cleanup(): Promise<void>
}

/** Enough for the format sniff and a bitmap's full header. */
const HEAD_BYTES = 64
/** A GIF ends with ';' (0x3B), sometimes followed by zero padding. */
const TAIL_BYTES = 16

/** The original, read once: every later step works on these bytes, never on the path again. */
interface Original {
  readonly path: string
  readonly bytes: Uint8Array
  readonly sha256: string
  /** The same bytes as sharp takes them. */
  readonly buffer: Buffer
}

interface Probe {
  readonly format: ImageFormat
  readonly bytes: number
  readonly size: Size
  readonly frames: number
}

/**
 * Checks one local image before it goes to Green: readable, not empty, an image by its content,
 * not damaged, and within Green's limits. An over-limit or unaccepted image is re-encoded into a
 * temp file that is sent instead; the original is never written. Never throws.
 */
export async function preflight(
  path: string,
  options: PreflightOptions = {},
): Promise<Result<PreflightOk>> {
  const name = basename(path)
  try {
    return await run(path, name, options)
  } catch (error) {
    return err(appError('INTERNAL', `${name}: ${toAppError(error).message}`))
  }
}

async function run(
  path: string,
  name: string,
  options: PreflightOptions,
): Promise<Result<PreflightOk>> {
  const limitInputPixels = options.limitInputPixels ?? DEFAULT_PREFLIGHT_OPTIONS.limitInputPixels
  const read = options.original
    ? ok(options.original)
    : await readRegularFile(path, {
        name,
        maxBytes: MAX_IMAGE_FILE_BYTES,
        ...(options.signal ? { signal: options.signal } : {}),
      })
  if (!read.ok) return read
  const { bytes: content, sha256 } = read.value
  const original: Original = {
    path,
    bytes: content,
    sha256,
    buffer: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
  }
  const bytes = content.length
  const head = content.subarray(0, HEAD_BYTES)
  const tail = content.subarray(Math.max(0, bytes - TAIL_BYTES))
  if (bytes === 0) return err(emptyFileError(name))
  const format = sniffImageFormat(head)
  if (!format) return err(notAnImageError(name))

  let probe: Probe
  if (format === 'bmp') {
    const header = readBmpHeader(head)
    if (!header) return err(corruptError(name, 'the bitmap header is malformed'))
    const cutShort = header.expectedBytes !== null && bytes < header.expectedBytes
    // A bomb's header is refused below for its size, in the same words as the local engine.
    if (cutShort && !overDecodeLimit(header, limitInputPixels)) {
      return err(corruptError(name, 'the bitmap pixel data is cut short'))
    }
    probe = { format, bytes, size: header, frames: 1 }
  } else {
    try {
      // Headers only, with no pixel limit: the size policy below says no with the real figures.
      const meta = await sharp(original.buffer, {
        limitInputPixels: false,
        failOn: 'error',
      }).metadata()
      probe = { format, bytes, size: meta.autoOrient, frames: meta.pages ?? 1 }
    } catch (error) {
      return err(sharpError(name, error, limitInputPixels))
    }
    if (format === 'gif' && !endsWithGifTrailer(tail)) {
      // libvips shows a cut-short GIF with its missing frames dropped: it must be caught here.
      return err(corruptError(name, 'the GIF ends before its last frame'))
    }
  }

  if (overDecodeLimit(probe.size, limitInputPixels)) {
    return err(tooManyPixelsError(name, probe.size, limitInputPixels))
  }
  const gif = format === 'gif'
  const overBytes = bytes > GREEN_MAX_BYTES
  const overPixels = overPixelLimits(probe.size, gif)
  const accepted = isGreenFormat(format)
  if (accepted && !overBytes && !overPixels) {
    if (format !== 'bmp' && (options.verifyDecode ?? DEFAULT_PREFLIGHT_OPTIONS.verifyDecode)) {
      const broken = await verifyDecodes(original.buffer, name, limitInputPixels)
      if (broken) return err(broken)
    }
    const facts: ImageFacts = { ...probe.size, bytes, frames: probe.frames }
    return ok(passThrough(original, format, format, facts, options))
  }
  return reencode(original, name, probe, options, limitInputPixels)
}

export function endsWithGifTrailer(tail: Uint8Array): boolean {
  let end = tail.length - 1
  while (end >= 0 && tail[end] === 0) end--
  return end >= 0 && tail[end] === 0x3b
}

/** Decodes the first frame down to a thumbnail: cheap, and it reads every compressed byte. */
export async function verifyDecodes(input: Buffer, name: string, limitInputPixels: number) {
  try {
    await sharp(input, { limitInputPixels, failOn: 'error', sequentialRead: true, pages: 1 })
      .resize(64, 64, { fit: 'inside' })
      .raw()
      .toBuffer()
    return null
  } catch (error) {
    return sharpError(name, error, limitInputPixels)
  }
}

function hints(
  sentFormat: GreenFormat,
  facts: ImageFacts,
  options: PreflightOptions,
): { interval?: number; maxFrames?: number } {
  if (!options.frameHints) return {}
  const animated = sentFormat === 'gif' && facts.frames > 1
  if (!animated && !isLongImage(facts)) return {}
  return { interval: options.frameHints.interval, maxFrames: options.frameHints.maxFrames }
}

function passThrough(
  original: Original,
  format: ImageFormat,
  sentFormat: GreenFormat,
  facts: ImageFacts,
  options: PreflightOptions,
): PreflightOk {
  return {
    path: original.path,
    originalPath: original.path,
    content: original.bytes,
    sha256: original.sha256,
    format,
    sentFormat,
    ...facts,
    original: facts,
    ...hints(sentFormat, facts, options),
    note: null,
    temporary: false,
    cleanup: () => Promise.resolve(),
  }
}

interface Plan {
  readonly output: ReencodeOutput
  readonly target: Size
}

function plan(probe: Probe, maxAnimationPixels: number): Plan {
  if (probe.format === 'gif' && probe.frames > 1) {
    const target = fitWithinLimits(probe.size, true)
    const decoded = probe.size.width * probe.size.height * probe.frames
    if (decoded <= maxAnimationPixels) return { output: 'gif', target }
    // Too big to resize every frame in bounded memory: send the first frame as a still.
    return { output: 'png', target: fitWithinLimits(probe.size, false) }
  }
  // A still GIF over the GIF pixel cap keeps every pixel as PNG, which has no such cap.
  // Other animations (WebP) go as a still JPEG of their first frame; the note says so.
  const output = probe.format === 'gif' ? 'png' : 'jpeg'
  return { output, target: fitWithinLimits(probe.size, false) }
}

async function reencode(
  source: Original,
  name: string,
  probe: Probe,
  options: PreflightOptions,
  limitInputPixels: number,
): Promise<Result<PreflightOk>> {
  const tempDir = options.tempDir ?? tmpdir()
  try {
    await mkdir(tempDir, { recursive: true })
  } catch (error) {
    return err(tempDirError(tempDir, error))
  }
  const sourceResult = openSource(source, name, probe, options, limitInputPixels)
  if (!sourceResult.ok) return sourceResult
  const chosen = plan(
    probe,
    options.maxAnimationPixels ?? DEFAULT_PREFLIGHT_OPTIONS.maxAnimationPixels,
  )
  let out
  try {
    out = await reencodeImage({
      source: sourceResult.value,
      target: chosen.target,
      sourceSize: probe.size,
      output: chosen.output,
      tempDir,
    })
  } catch (error) {
    if (isWriteError(error)) return err(tempDirError(tempDir, error))
    return err(sharpError(name, error, limitInputPixels))
  }
  const original: ImageFacts = { ...probe.size, bytes: probe.bytes, frames: probe.frames }
  const sent: ImageFacts = {
    width: out.width,
    height: out.height,
    bytes: out.bytes,
    frames: out.frames,
  }
  const tempPath = out.path
  return ok({
    path: tempPath,
    originalPath: source.path,
    content: source.bytes,
    sha256: source.sha256,
    format: probe.format,
    sentFormat: out.format,
    ...sent,
    original,
    ...hints(out.format, sent, options),
    note: describeChange({
      from: probe.format,
      to: out.format,
      original,
      sent,
      // The plan may ask for it, or a GIF that stayed too big fell back to a still JPEG.
      firstFrameOnly: original.frames > 1 && sent.frames === 1,
    }),
    temporary: true,
    cleanup: () => rm(tempPath, { force: true }),
  })
}

function openSource(
  source: Original,
  name: string,
  probe: Probe,
  options: PreflightOptions,
  limitInputPixels: number,
): Result<ReencodeSource> {
  if (probe.format !== 'bmp') return ok({ kind: 'encoded', input: source.buffer, limitInputPixels })
  // sharp has no BMP reader: the bitmap is read once and decoded by our own reader.
  const maxBitmapBytes = options.maxBitmapBytes ?? DEFAULT_PREFLIGHT_OPTIONS.maxBitmapBytes
  if (probe.bytes > maxBitmapBytes) {
    return err(
      appError(
        'IMAGE_TOO_LARGE',
        `${name} is an uncompressed bitmap of ${Math.round(probe.bytes / 2 ** 20)} MB, too big to convert here. Save it as JPEG or PNG, then add it again.`,
      ),
    )
  }
  try {
    const bmp = decodeBmp(source.bytes, limitInputPixels)
    return ok({ kind: 'raw', rgb: bmp.data, width: bmp.width, height: bmp.height })
  } catch (error) {
    if (error instanceof BmpError) return err(error.toAppError(name))
    return err(appError('INTERNAL', `${name}: ${toAppError(error).message}`))
  }
}

function isWriteError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : ''
  return /unable to open .* for writ|no space left|ENOSPC|EACCES/i.test(message)
}
