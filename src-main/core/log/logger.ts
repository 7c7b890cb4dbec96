import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** Values that must never reach the file (a secret just entered, say) are replaced by `***`. */
  redact(value: string): void
}

export const LOG_FILE = 'greenlight.log'
const MAX_BYTES = 5 * 1024 * 1024
const KEEP = 3

/**
 * JSON lines in `<dataDir>/logs/greenlight.log`, for support and for "what happened overnight".
 * Writes are synchronous so a crash does not eat the last lines; the file rotates at 5 MB and
 * three generations are kept. Logging never throws: a full disk must not stop a scan.
 */
export function createFileLogger(dataDir: string, minLevel: LogLevel = 'info'): Logger {
  const dir = join(dataDir, 'logs')
  const file = join(dir, LOG_FILE)
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }
  const secrets = new Set<string>()

  const rotate = () => {
    try {
      if (statSync(file).size < MAX_BYTES) return
    } catch {
      return
    }
    rmSync(`${file}.${String(KEEP)}`, { force: true })
    for (let i = KEEP - 1; i >= 1; i--) {
      try {
        renameSync(`${file}.${String(i)}`, `${file}.${String(i + 1)}`)
      } catch {
        // that generation does not exist yet
      }
    }
    renameSync(file, `${file}.1`)
  }

  const write = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (order[level] < order[minLevel]) return
    try {
      mkdirSync(dir, { recursive: true })
      rotate()
      let line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })
      for (const secret of secrets) line = line.split(secret).join('***')
      appendFileSync(file, line + '\n', 'utf8')
    } catch {
      // Never let logging break the work it describes.
    }
  }

  return {
    debug: (m, f) => {
      write('debug', m, f)
    },
    info: (m, f) => {
      write('info', m, f)
    },
    warn: (m, f) => {
      write('warn', m, f)
    },
    error: (m, f) => {
      write('error', m, f)
    },
    redact: (value) => {
      // Short values would redact ordinary words; secrets are long.
      if (value.length >= 8) secrets.add(value)
    },
  }
}
