import { startApp } from './electron/start-app'

// Electron entry (built to out/main/index.js): paths to the preload and renderer are resolved
// from this file's URL.
startApp(import.meta.url).catch((thrown: unknown) => {
  console.error('Greenlight failed to start:', thrown)
  process.exit(1)
})
