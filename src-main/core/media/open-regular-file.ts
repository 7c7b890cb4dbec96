import { createHash } from 'node:crypto'
import { constants, type Stats } from 'node:fs'
import { lstat, open, stat, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import {
  appError,
  err,
  ok,
  type AppError,
  type ErrorReason,
  type Result,
} from '../../../src-shared/result'
import { fileSystemError } from './preflight-errors'

/**
 * The one way an input image is opened (hashing, pre-flight, upload, decode, local engine,
 * thumbnails). Only a regular file is opened: a FIFO would block `open()` in a libuv thread for
 * good (no signal reaches it), and a socket, device or folder is no image. The path is checked
 * with lstat, opened non-blocking, and checked again with fstat, because it can be swapped between
 * the two. Every step can be cancelled and gives up after `timeoutMs` (a hung network disk).
 */

export interface OpenLimits {
  readonly signal?: AbortSignal
  /** Per step (open, one read), not per file: a 2 GB file may take longer than this in all. */
  readonly timeoutMs?: number
  /** How the file is named in messages; its base name by default. */
  readonly name?: string
}

/** Every stage reads an image into memory at most this big (bitmaps and over-limit originals). */
export const MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024
export const DEFAULT_STEP_TIMEOUT_MS = 30_000
const CHUNK_BYTES = 256 * 1024
// Windows has neither flag; there a FIFO cannot sit at a file path anyway.
const posix = constants as Partial<typeof constants>
const OPEN_FLAGS = constants.O_RDONLY | (posix.O_NONBLOCK ?? 0) | (posix.O_NOCTTY ?? 0)

interface Interrupt {
  readonly interrupted: 'cancelled' | 'timeout'
}

/**
 * `work`, unless the signal or the timeout comes first. An abandoned operation still finishes in
 * its thread: `late` receives what it produced (a handle to close).
 */
function bounded<T>(
  work: Promise<T>,
  limits: OpenLimits,
  late: (value: T) => void = () => undefined,
): Promise<T | Interrupt> {
  const { signal } = limits
  if (signal?.aborted === true) {
    void work.then(late, () => undefined)
    return Promise.resolve({ interrupted: 'cancelled' })
  }
  return new Promise((resolve, reject) => {
    let settled = false
    const done = (): boolean => {
      if (settled) return false
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      return true
    }
    const onAbort = (): void => {
      if (done()) resolve({ interrupted: 'cancelled' })
    }
    const timer = setTimeout(() => {
      if (done()) resolve({ interrupted: 'timeout' })
    }, limits.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS)
    signal?.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        if (done()) resolve(value)
        else late(value)
      },
      (error: unknown) => {
        if (done()) reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}

function isInterrupt(value: unknown): value is Interrupt {
  return typeof value === 'object' && value !== null && 'interrupted' in value
}

function interruptError(name: string, interrupt: Interrupt, limits: OpenLimits): AppError {
  if (interrupt.interrupted === 'cancelled') {
    return appError('CANCELLED', `Reading ${name} was cancelled.`, false, { name })
  }
  const seconds = Math.round((limits.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS) / 1000)
  return appError(
    'FILE_UNREADABLE',
    `${name} did not answer within ${String(seconds)} s (a slow or hung disk or network share). It will be tried again.`,
    true,
    { reason: 'hung', name, seconds },
  )
}

type NotAFileReason = ErrorReason<'NOT_A_FILE'>

function kindOf(info: Stats): NotAFileReason {
  if (info.isFIFO()) return 'pipe'
  if (info.isSocket()) return 'socket'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device'
  if (info.isDirectory()) return 'folder'
  return 'other'
}

const KIND_WORDS: Record<NotAFileReason, string> = {
  pipe: 'a named pipe (FIFO)',
  socket: 'a socket',
  device: 'a device',
  folder: 'a folder',
  other: 'not a regular file',
}

export function notAFile(name: string, info: Stats): AppError {
  const kind = kindOf(info)
  return appError(
    'NOT_A_FILE',
    kind === 'folder'
      ? `${name} is a folder, not an image. Add the folder itself to scan what is in it.`
      : `${name} is ${KIND_WORDS[kind]}, not an image file: it was not opened. Only regular files can be scanned.`,
    false,
    { reason: kind, name },
  )
}

export function fileError(name: string, error: unknown): AppError {
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENXIO') {
    // What open() says for a socket that appeared after the lstat.
    return appError(
      'NOT_A_FILE',
      `${name} is not a regular file (a socket or a device): it was not opened. Only regular files can be scanned.`,
      false,
      { reason: 'other', name },
    )
  }
  return fileSystemError(name, error)
}

/** An open regular file whose every read is bounded and cancellable. */
export class RegularFile {
  private pending: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(
    private readonly handle: FileHandle,
    /** Size when opened (fstat). */
    readonly size: number,
    readonly name: string,
    private readonly limits: OpenLimits,
  ) {}

  /** Fills `buffer` from `position` as far as the file goes; the number of bytes read. */
  async read(buffer: Uint8Array, position: number): Promise<Result<number>> {
    let filled = 0
    while (filled < buffer.length) {
      const step = this.handle.read(buffer, filled, buffer.length - filled, position + filled)
      this.pending = step.catch(() => undefined)
      let got
      try {
        got = await bounded(step, this.limits)
      } catch (error) {
        return err(fileError(this.name, error))
      }
      if (isInterrupt(got)) return err(interruptError(this.name, got, this.limits))
      if (got.bytesRead === 0) break
      filled += got.bytesRead
    }
    return ok(filled)
  }

  /** Safe to call more than once; waits for an abandoned read before closing the descriptor. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve()
    this.closed = true
    const handle = this.handle
    // A read stuck in a thread would hit a reused descriptor if closed under it.
    void this.pending.then(() => handle.close()).catch(() => undefined)
    return Promise.resolve()
  }
}

/** Opens `path` for reading if, and only if, it is a regular file (a symlink to one is fine). */
export async function openRegularFile(
  path: string,
  limits: OpenLimits = {},
): Promise<Result<RegularFile>> {
  const name = limits.name ?? basename(path)
  try {
    let info = await bounded(lstat(path), limits)
    if (isInterrupt(info)) return err(interruptError(name, info, limits))
    if (info.isSymbolicLink()) {
      info = await bounded(stat(path), limits)
      if (isInterrupt(info)) return err(interruptError(name, info, limits))
    }
    if (!info.isFile()) return err(notAFile(name, info))
    const handle = await bounded(open(path, OPEN_FLAGS), limits, (late) => {
      void late.close().catch(() => undefined)
    })
    if (isInterrupt(handle)) return err(interruptError(name, handle, limits))
    let checked
    try {
      checked = await bounded(handle.stat(), limits)
    } catch (error) {
      void handle.close().catch(() => undefined)
      throw error
    }
    if (isInterrupt(checked) || !checked.isFile()) {
      void handle.close().catch(() => undefined)
      return err(
        isInterrupt(checked) ? interruptError(name, checked, limits) : notAFile(name, checked),
      )
    }
    return ok(new RegularFile(handle, checked.size, name, limits))
  } catch (error) {
    return err(fileError(name, error))
  }
}

/** Runs `use` on the open file and closes it whatever happens. */
export async function withRegularFile<T>(
  path: string,
  limits: OpenLimits,
  use: (file: RegularFile) => Promise<Result<T>>,
): Promise<Result<T>> {
  const opened = await openRegularFile(path, limits)
  if (!opened.ok) return opened
  try {
    return await use(opened.value)
  } finally {
    await opened.value.close()
  }
}

/** The bytes of a regular file, read once, and their sha256: what was read is what is hashed. */
export interface FileBytes {
  readonly bytes: Uint8Array
  readonly sha256: string
}

/**
 * Reads a whole regular file into memory, up to `maxBytes` (IMAGE_TOO_LARGE beyond: the file is
 * not read at all, or stops being read once it grows past the cap).
 */
export function readRegularFile(
  path: string,
  limits: OpenLimits & { readonly maxBytes?: number },
): Promise<Result<FileBytes>> {
  const maxBytes = limits.maxBytes ?? MAX_IMAGE_FILE_BYTES
  return withRegularFile(path, limits, async (file) => {
    const tooBig = (): Result<FileBytes> =>
      err(
        appError(
          'IMAGE_TOO_LARGE',
          `${file.name} is over ${String(Math.round(maxBytes / 2 ** 20))} MB, too big to read here. Save a smaller copy, then add it again.`,
          false,
          { reason: 'bytes', name: file.name, limit: Math.round(maxBytes / 2 ** 20) },
        ),
      )
    if (file.size > maxBytes) return tooBig()
    // One byte more than fstat said: a file that grew since is read to its new end (or refused).
    let buffer = new Uint8Array(Math.min(file.size, maxBytes) + 1)
    let length = 0
    for (;;) {
      const got = await file.read(buffer.subarray(length), length)
      if (!got.ok) return got
      length += got.value
      if (length > maxBytes) return tooBig()
      if (length < buffer.length) break
      const grown = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1))
      grown.set(buffer)
      buffer = grown
    }
    const bytes = buffer.subarray(0, length)
    return ok({ bytes, sha256: createHash('sha256').update(bytes).digest('hex') })
  })
}

/** sha256 of a regular file, streamed in chunks: a 2 GB file costs one small buffer. */
export function hashRegularFile(path: string, limits: OpenLimits = {}): Promise<Result<string>> {
  return withRegularFile(path, limits, async (file) => {
    const hash = createHash('sha256')
    // A small file gets a small buffer: a watched burst of thousands must not churn 256 KB each.
    const chunk = new Uint8Array(Math.min(CHUNK_BYTES, file.size + 1))
    for (let position = 0; ;) {
      const got = await file.read(chunk, position)
      if (!got.ok) return got
      hash.update(chunk.subarray(0, got.value))
      position += got.value
      if (got.value < chunk.length) break
    }
    return ok(hash.digest('hex'))
  })
}

/** The first and last few bytes of a regular file, and its size: enough to tell a cut-short image. */
export function readRegularFileEnds(
  path: string,
  headBytes: number,
  tailBytes: number,
  limits: OpenLimits = {},
): Promise<Result<{ head: Uint8Array; tail: Uint8Array; size: number }>> {
  return withRegularFile(path, limits, async (file) => {
    const head = new Uint8Array(Math.min(headBytes, file.size))
    const gotHead = await file.read(head, 0)
    if (!gotHead.ok) return gotHead
    const tail = new Uint8Array(Math.min(tailBytes, file.size))
    const gotTail = await file.read(tail, file.size - tail.length)
    if (!gotTail.ok) return gotTail
    return ok({
      head: head.subarray(0, gotHead.value),
      tail: tail.subarray(0, gotTail.value),
      size: file.size,
    })
  })
}

/** The first `bytes` bytes of a regular file (fewer if it is shorter), and its size. */
export function readRegularFileHead(
  path: string,
  bytes: number,
  limits: OpenLimits = {},
): Promise<Result<{ head: Uint8Array; size: number }>> {
  return withRegularFile(path, limits, async (file) => {
    const head = new Uint8Array(Math.min(bytes, file.size))
    const got = await file.read(head, 0)
    if (!got.ok) return got
    return ok({ head: head.subarray(0, got.value), size: file.size })
  })
}
