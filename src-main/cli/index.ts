import { startLocalEngineEarly } from './early-start'

/**
 * `greenlight` entry: plain Node over AppCore, no Electron. Everything heavy (AppCore, SQLite,
 * sharp, the engines, the commands) is imported only once this file runs, so a local scan's
 * model starts loading first (see early-start.ts) and `--version` loads no engine at all.
 */
const argv = process.argv.slice(2)
const closeEarlyPool = await startLocalEngineEarly(argv, process.env)
const [{ createCliContext }, { runCli }, { writeLine }] = await Promise.all([
  import('./cli-context'),
  import('./program'),
  import('./terminal-text'),
])
const ctx = createCliContext()
try {
  process.exitCode = await runCli(argv, ctx)
} catch (error: unknown) {
  writeLine(process.stderr, `greenlight: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await closeEarlyPool?.()
}
