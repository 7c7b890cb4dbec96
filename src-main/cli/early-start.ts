import { join } from 'node:path'
import { resolveDataDir } from '../core/data-dir'

/**
 * `greenlight scan … --engine local` (not a dry run, not --help): the one command whose first
 * answer waits on a model load, which can start before the CLI has loaded anything else.
 */
export function isLocalScan(argv: readonly string[]): boolean {
  if (argv[0] !== 'scan') return false
  if (argv.some((a) => a === '--dry-run' || a === '--help' || a === '-h')) return false
  return argv.some(
    (a, i) => a === '--engine=local' || (a === '--engine' && argv[i + 1] === 'local'),
  )
}

/**
 * Starts the local engine's first worker now, with the options the scan will build its engine
 * with (see core/engines/create-engine.ts), so the engine takes it over: the model then loads on
 * one core while this thread loads the CLI's modules and opens the data folder on the other
 * (see docs/architecture.md §4). Returns how to close it if the scan never took it.
 */
export async function startLocalEngineEarly(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<(() => Promise<void>) | null> {
  if (!isLocalScan(argv)) return null
  const { prestartLocalPool, closeUnadoptedPool } = await import('../core/engines/local/prestart')
  prestartLocalPool({ init: { cacheDir: join(resolveDataDir({ env }), 'cache') } })
  return closeUnadoptedPool
}
