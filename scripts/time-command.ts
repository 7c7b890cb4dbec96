/**
 * Times a whole `greenlight` command as a user would with `time`: from just before the process is
 * spawned to its exit, plus when its first stdout line matching a pattern appeared. Shared by the
 * benchmarks that report whole-command figures (bench-local, bench-scan).
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** The published entry (`bin/greenlight.js`), which loads the CLI built to out/node. */
export const GREENLIGHT_BIN = fileURLToPath(new URL('../bin/greenlight.js', import.meta.url))

export interface CommandTiming {
  /** Milliseconds from spawn to exit. */
  readonly exitMs: number
  /** Milliseconds from spawn to the first stdout line matching `firstLine`; null if none did. */
  readonly firstLineMs: number | null
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export function timeCommand(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; firstLine?: RegExp; bin?: string } = {},
): Promise<CommandTiming> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    let firstLineMs: number | null = null
    let stdout = ''
    let stderr = ''
    const child = spawn(process.execPath, [options.bin ?? GREENLIGHT_BIN, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (firstLineMs === null && options.firstLine?.test(line) === true)
        firstLineMs = performance.now() - start
      stdout += `${line}\n`
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      resolve({ exitMs: performance.now() - start, firstLineMs, code, stdout, stderr })
    })
  })
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}
