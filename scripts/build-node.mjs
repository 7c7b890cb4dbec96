// Builds the plain-Node entries (the `greenlight` CLI and the test harness server) with esbuild,
// plus the harness's in-page bridge script. Dependencies stay external: native modules (sqlite3,
// keytar, sharp) load from node_modules.
import { build } from 'esbuild'

await build({
  entryPoints: {
    'cli/index': 'src-main/cli/index.ts',
    'harness/server': 'tests/harness/server.ts',
    // The local engine's worker thread, beside each entry that may start it (resolved at run
    // time next to the bundle's import.meta.url).
    'cli/local-worker': 'src-main/core/engines/local/local-worker.ts',
    'harness/local-worker': 'src-main/core/engines/local/local-worker.ts',
  },
  outdir: 'out/node',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})

await build({
  entryPoints: { 'harness/bridge': 'tests/harness/browser/bridge.ts' },
  outdir: 'out/node',
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  logLevel: 'warning',
})
