// electron 45 downloads its binary on first use (requiring 'electron' fetches it); electron-vite 5
// only looks for it and reports "Electron uninstall". Fetch it first, and say plainly what to do
// when that is impossible.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
try {
  const binary = require('electron')
  process.stdout.write(`Electron binary: ${binary}\n`)
} catch (error) {
  process.stderr.write(
    [
      `Greenlight needs the Electron binary, which is downloaded on first launch, and it could not be fetched:`,
      `  ${error instanceof Error ? error.message : String(error)}`,
      `Check the network or proxy (or set ELECTRON_MIRROR), then run \`npm start\` again.`,
      `The command line (npx greenlight) and the tests (npm test) work without it.`,
      '',
    ].join('\n'),
  )
  process.exit(1)
}
