// Builds the plain-Node entries (the `greenlight` CLI and the test harness server) with esbuild,
// plus the harness's in-page bridge script. Dependencies stay external: native modules (sqlite3,
// keytar, sharp) load from node_modules.
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

const node = {
  outdir: 'out/node',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
}

// The CLI is split at its dynamic imports, so a command loads only the modules (and the native
// packages) it reaches: `scan --engine local` starts its worker before AppCore, SQLite or sharp
// are loaded (see docs/architecture.md §4). Chunks sit one folder below the entries, where the
// worker pool still finds local-worker.mjs (`../`) and packages resolve from node_modules.
// Chunk names carry a content hash: drop the previous build's so none linger.
rmSync('out/node/cli/chunks', { recursive: true, force: true })
await build({
  ...node,
  entryPoints: {
    'cli/index': 'src-main/cli/index.ts',
    // The local engine's worker thread, beside the entry that may start it (resolved at run
    // time next to the bundle's import.meta.url).
    'cli/local-worker': 'src-main/core/engines/local/local-worker.ts',
  },
  splitting: true,
  chunkNames: 'cli/chunks/[name]-[hash]',
})

await build({
  ...node,
  entryPoints: {
    'harness/server': 'tests/harness/server.ts',
    'harness/local-worker': 'src-main/core/engines/local/local-worker.ts',
  },
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
