import { createInterface } from 'node:readline'

export interface SecretInput {
  readonly stdin: NodeJS.ReadStream | NodeJS.ReadableStream
  readonly stderr: NodeJS.WritableStream
}

/** Reads all of stdin as lines (for `printf 'id\nsecret\n' | greenlight credentials set`). */
export async function readLines(stdin: NodeJS.ReadableStream): Promise<string[]> {
  const lines: string[] = []
  const rl = createInterface({ input: stdin, crlfDelay: Infinity, terminal: false })
  for await (const line of rl) lines.push(line.trim())
  return lines
}

/**
 * Asks on a TTY. With `hidden`, typed characters are not echoed (the terminal is put in raw mode
 * and restored whatever happens), so a secret never lands in the scrollback.
 */
export function prompt(
  question: string,
  io: SecretInput & { stdin: NodeJS.ReadStream },
  hidden: boolean,
): Promise<string> {
  const { stdin, stderr } = io
  stderr.write(question)
  if (!hidden) {
    return new Promise((resolve) => {
      const rl = createInterface({ input: stdin, terminal: false })
      rl.once('line', (line) => {
        rl.close()
        resolve(line.trim())
      })
    })
  }
  return new Promise((resolve, reject) => {
    let value = ''
    const wasRaw = stdin.isRaw
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    const done = (error?: Error) => {
      stdin.setRawMode(wasRaw)
      stdin.pause()
      stdin.removeListener('data', onData)
      stderr.write('\n')
      if (error) reject(error)
      else resolve(value.trim())
    }
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          done()
          return
        }
        if (char === '\u0003') {
          done(new Error('Cancelled.'))
          return
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1)
        else value += char
      }
    }
    stdin.on('data', onData)
  })
}
