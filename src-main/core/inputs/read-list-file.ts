import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'

export interface ListLine {
  /** 1-based, for messages. */
  readonly lineNumber: number
  readonly text: string
}

/**
 * Reads an @list file line by line (streamed, so a list of 100,000 URLs is not held in memory):
 * one URL or path per line; blank lines and lines starting with `#` are skipped; surrounding
 * spaces and a UTF-8 BOM are dropped; CRLF and LF both work. Throws (with the errno code) if the
 * list is missing, unreadable or a folder, before yielding anything.
 */
export async function* readListFile(path: string): AsyncGenerator<ListLine> {
  if ((await stat(path)).isDirectory()) {
    throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' })
  }
  // Probe that we may read it, so the failure comes with its errno rather than mid-stream.
  await (await open(path, 'r')).close()
  const stream = createReadStream(path, { encoding: 'utf8' })
  const lines = createInterface({ input: stream, crlfDelay: Infinity })
  let lineNumber = 0
  try {
    for await (const raw of lines) {
      lineNumber++
      const text = (lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim()
      if (text === '' || text.startsWith('#')) continue
      yield { lineNumber, text }
    }
  } finally {
    lines.close()
    stream.destroy()
  }
}
