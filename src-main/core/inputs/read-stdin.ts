import { appError, err, ok, type Result } from '../../../src-shared/result'

/** What stdin looks like to us: Node's process.stdin, or any readable in tests. */
export type ByteStream = AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean }

/** Larger than any image worth scanning (over-limit images get downscaled, but within reason). */
export const MAX_STDIN_BYTES = 256 * 1024 * 1024

/** Reads all of stdin as one image's bytes, refusing a terminal, nothing at all, or too much. */
export async function readStdinBytes(
  stdin: ByteStream,
  maxBytes: number = MAX_STDIN_BYTES,
): Promise<Result<Uint8Array>> {
  if (stdin.isTTY === true) {
    return err(
      appError(
        'UNSUPPORTED_INPUT',
        'stdin is a terminal, not image bytes. Pipe an image in, e.g. `cat photo.jpg | greenlight scan -`.',
        false,
        { reason: 'stdin-terminal' },
      ),
    )
  }
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for await (const chunk of stdin) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      size += bytes.byteLength
      if (size > maxBytes) {
        return err(
          appError(
            'IMAGE_TOO_LARGE',
            `More than ${Math.round(maxBytes / 1024 / 1024)} MB arrived on stdin. Save the image to a file and scan that instead.`,
            false,
            { reason: 'bytes', name: 'stdin', limit: Math.round(maxBytes / 1024 / 1024) },
          ),
        )
      }
      chunks.push(bytes)
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return err(
      appError(
        'FILE_UNREADABLE',
        `Could not read stdin (${reason}). Try piping the image again.`,
        false,
        { reason: 'stdin', detail: reason },
      ),
    )
  }
  if (size === 0) {
    return err(
      appError(
        'FILE_EMPTY',
        'Nothing arrived on stdin. Pipe an image in, e.g. `cat photo.jpg | greenlight scan -`.',
        false,
        { reason: 'stdin' },
      ),
    )
  }
  return ok(Buffer.concat(chunks, size))
}
