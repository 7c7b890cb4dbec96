import type { AppCore } from '../core/app-core'
import type { CredentialStore } from '../core/credentials/credential-store'
import { resolveDataDir } from '../core/data-dir'

/** What every command gets: where to read and write, and a way to open AppCore on demand. */
export interface CliContext {
  readonly stdin: NodeJS.ReadStream | NodeJS.ReadableStream
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  readonly env: NodeJS.ProcessEnv
  openCore(): Promise<AppCore>
  /** Commands report their outcome here (see exit-codes.ts); the worst code wins. */
  setExitCode(code: number): void
  readonly exitCode: number
}

export interface CliIo {
  stdin?: NodeJS.ReadStream | NodeJS.ReadableStream
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
  /** Tests may swap the OS keychain for the in-memory store. */
  credentialStore?: CredentialStore
}

export function createCliContext(io: CliIo = process): CliContext {
  let exitCode = 0
  return {
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    openCore: async () => {
      // Loaded on first use: SQLite, sharp and the engines are no cost to --version or --help.
      const { AppCore } = await import('../core/app-core')
      const core = await AppCore.open({
        dataDir: resolveDataDir({ env: io.env }),
        host: 'cli',
        env: io.env,
        ...(io.credentialStore ? { credentialStore: io.credentialStore } : {}),
      })
      // A damaged database moved aside, say: every command says so before its own output.
      for (const notice of core.notices) io.stderr.write(`greenlight: ${notice.message}\n`)
      return core
    },
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code)
    },
    get exitCode() {
      return exitCode
    },
  }
}
