import { AppCore } from '../core/app-core'
import { resolveDataDir } from '../core/data-dir'

/** What every command gets: where to write, and a way to open AppCore on demand. */
export interface CliContext {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  readonly env: NodeJS.ProcessEnv
  openCore(): Promise<AppCore>
  /** Commands report their outcome here (see exit-codes.ts); the worst code wins. */
  setExitCode(code: number): void
  readonly exitCode: number
}

export function createCliContext(
  io: {
    stdout: NodeJS.WritableStream
    stderr: NodeJS.WritableStream
    env: NodeJS.ProcessEnv
  } = process,
): CliContext {
  let exitCode = 0
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    openCore: () =>
      AppCore.open({ dataDir: resolveDataDir({ env: io.env }), host: 'cli', env: io.env }),
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code)
    },
    get exitCode() {
      return exitCode
    },
  }
}
