// `npm run bench`: runs every `bench:*` script in package.json, one after another, so each
// prints its own side-by-side ratios. Exits non-zero if any of them failed.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const benches = Object.keys(scripts).filter((name) => name.startsWith('bench:'))
let failed = 0
for (const name of benches) {
  process.stdout.write(`\n=== ${name} ===\n`)
  const result = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' })
  if (result.status !== 0) failed += 1
}
process.exitCode = failed === 0 ? 0 : 1
