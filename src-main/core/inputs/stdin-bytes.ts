import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { appError, err, ok, type AppError, type Result } from '../../../src-shared/result'
import { sniffImageFormat, SNIFF_BYTES, type ImageFormat } from '../media/image-format'

/** What stdin looks like here: Node's process.stdin, or any readable in tests. */
export type StdinStream = AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean }

/** Larger than any photo worth scanning; an over-limit image is fitted, but within reason. */
export const STDIN_MAX_BYTES = 200 * 1024 * 1024

/** The folder under the data dir where piped images are kept, named by their SHA-256. */
export const STDIN_FOLDER = 'stdin'
/** Bytes still being read are written under this prefix, then renamed by their hash. */
export const STDIN_PARTIAL_PREFIX = '.incoming-'

export interface SavedStdin {
  /** `<dataDir>/stdin/<sha256>.<ext>`: the item's source, so a rerun finds the same bytes. */
  readonly path: string
  readonly sha256: string
  readonly size: number
  /** What the bytes are by their magic numbers; null when not a known image (saved as .bin). */
  readonly format: ImageFormat | null
}

const EXTENSIONS: Record<ImageFormat, string> = {
  jpeg: '.jpg',
  png: '.png',
  gif: '.gif',
  webp: '.webp',
  bmp: '.bmp',
  tiff: '.tif',
  avif: '.avif',
  heif: '.heic',
}

const PIPE_HINT = 'Pipe an image in, e.g. `cat photo.jpg | greenlight scan -`.'

/**
 * Saves image bytes arriving on stdin as a file in `<dataDir>/stdin/`, so they are an input like
 * any other: durable (a killed run resumes from the stored file) and content-addressed (the same
 * bytes piped twice are one file). Streams to a temp name while hashing, never holding the image
 * in memory, then renames it to `<sha256>.<ext>` with the extension sniffed from the content.
 * A terminal, nothing at all, or more than `maxBytes` is refused with a message saying what to do.
 */
export async function saveStdinBytes(
  stdin: StdinStream,
  dataDir: string,
  options: { readonly maxBytes?: number } = {},
): Promise<Result<SavedStdin>> {
  if (stdin.isTTY === true) {
    return err(
      appError(
        'UNSUPPORTED_INPUT',
        `stdin (-) is a terminal, not image bytes. ${PIPE_HINT}`,
        false,
        { reason: 'stdin-terminal' },
      ),
    )
  }
  const maxBytes = options.maxBytes ?? STDIN_MAX_BYTES
  const folder = join(dataDir, STDIN_FOLDER)
  // A crash leaves at most this temp file behind; it never becomes an input.
  const temp = join(
    folder,
    `${STDIN_PARTIAL_PREFIX}${String(process.pid)}-${randomBytes(6).toString('hex')}.part`,
  )
  try {
    await mkdir(folder, { recursive: true })
  } catch (error) {
    return err(unwritable(folder, error))
  }
  let file
  try {
    file = await open(temp, 'wx')
  } catch (error) {
    return err(unwritable(folder, error))
  }
  const hash = createHash('sha256')
  const head: Buffer[] = []
  let headSize = 0
  let size = 0
  let failure: AppError | null = null
  try {
    for await (const chunk of stdin) {
      const bytes =
        typeof chunk === 'string'
          ? Buffer.from(chunk)
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      size += bytes.byteLength
      if (size > maxBytes) {
        failure = appError(
          'IMAGE_TOO_LARGE',
          `More than ${String(Math.round(maxBytes / 1024 / 1024))} MB arrived on stdin. Save the image to a file and scan that instead.`,
          false,
          { reason: 'bytes', name: 'stdin', limit: Math.round(maxBytes / 1024 / 1024) },
        )
        break
      }
      hash.update(bytes)
      if (headSize < SNIFF_BYTES) {
        head.push(bytes.subarray(0, SNIFF_BYTES - headSize))
        headSize += Math.min(bytes.byteLength, SNIFF_BYTES - headSize)
      }
      try {
        await file.write(bytes)
      } catch (error) {
        failure = unwritable(folder, error)
        break
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    failure = appError('FILE_UNREADABLE', `Could not read stdin (${reason}). ${PIPE_HINT}`, false, {
      reason: 'stdin',
      detail: reason,
    })
  }
  try {
    await file.close()
  } catch (error) {
    failure ??= unwritable(folder, error)
  }
  if (failure === null && size === 0) {
    failure = appError('FILE_EMPTY', `Nothing arrived on stdin (-). ${PIPE_HINT}`, false, {
      reason: 'stdin',
    })
  }
  if (failure !== null) {
    await rm(temp, { force: true })
    return err(failure)
  }
  const sha256 = hash.digest('hex')
  const format = sniffImageFormat(Buffer.concat(head))
  const path = join(folder, `${sha256}${format === null ? '.bin' : EXTENSIONS[format]}`)
  try {
    // Same name, same bytes: replacing an earlier copy (or a concurrent run's) changes nothing.
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    return err(unwritable(folder, error))
  }
  return ok({ path, sha256, size, format })
}

function unwritable(folder: string, error: unknown): AppError {
  const reason = error instanceof Error ? error.message : String(error)
  return appError(
    'FILE_UNWRITABLE',
    `Could not save the bytes from stdin in ${folder} (${reason}). Free some disk space or fix the folder's permissions, then pipe the image again.`,
    false,
    { reason: 'temp-dir', folder, detail: reason },
  )
}
