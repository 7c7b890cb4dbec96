#!/usr/bin/env node
// The published entry: the CLI is built to out/node by `npm run build:node` (also run by npm ci).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const entry = new URL('../out/node/cli/index.mjs', import.meta.url)
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('greenlight: the CLI is not built yet. Run `npm run build:node` first.\n')
  process.exit(2)
}
await import(entry.href)
