import { open, stat } from 'node:fs/promises'

export interface FileEnds {
  readonly size: number
  readonly head: Uint8Array
  readonly tail: Uint8Array
}

export type FileEndsFailure =
  | { readonly kind: 'not-a-file'; readonly folder: boolean }
  | { readonly kind: 'fs'; readonly error: unknown }

/**
 * The size and the first and last few bytes of a regular file: enough to sniff its format and
 * see whether it was cut short, without reading the rest. Folders, sockets and FIFOs are refused
 * before opening (opening a FIFO would block).
 */
export async function readFileEnds(
  path: string,
  headBytes: number,
  tailBytes: number,
): Promise<{ ok: true; value: FileEnds } | { ok: false; failure: FileEndsFailure }> {
  try {
    const info = await stat(path)
    if (!info.isFile())
      return { ok: false, failure: { kind: 'not-a-file', folder: info.isDirectory() } }
    const handle = await open(path, 'r')
    try {
      // Re-check through the handle: the file may have changed between stat and open.
      const size = (await handle.stat()).size
      const head = new Uint8Array(Math.min(headBytes, size))
      await handle.read(head, 0, head.length, 0)
      const tailLength = Math.min(tailBytes, size)
      const tail = new Uint8Array(tailLength)
      await handle.read(tail, 0, tailLength, size - tailLength)
      return { ok: true, value: { size, head, tail } }
    } finally {
      await handle.close()
    }
  } catch (error) {
    return { ok: false, failure: { kind: 'fs', error } }
  }
}
