import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import sqlite3 from 'sqlite3'

export interface ComponentVersion {
  /** What a user would look up: "nsfwjs", "SQLite". */
  readonly name: string
  /** "unknown" when the package cannot be found: the About box still opens. */
  readonly version: string
}

/** The engines and libraries that decide a verdict or hold the data, as a bug report needs them. */
const PACKAGES: readonly (readonly [string, string])[] = [
  ['nsfwjs', 'nsfwjs'],
  ['TensorFlow.js', '@tensorflow/tfjs'],
  ['TensorFlow.js wasm backend', '@tensorflow/tfjs-backend-wasm'],
  ['zxing-wasm', 'zxing-wasm'],
  ['sharp', 'sharp'],
  ['node-sqlite3', 'sqlite3'],
]

const require = createRequire(import.meta.url)

/**
 * A package's own version from its package.json. Its `exports` may not expose package.json, so
 * the entry point is resolved and the folders above it searched for the package.json of that name.
 */
async function packageVersion(name: string): Promise<string> {
  try {
    let dir = dirname(require.resolve(name))
    for (;;) {
      try {
        const json = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
          name?: unknown
          version?: unknown
        }
        if (json.name === name && typeof json.version === 'string') return json.version
      } catch {
        // no package.json here: keep climbing
      }
      const parent = dirname(dir)
      if (parent === dir) return 'unknown'
      dir = parent
    }
  } catch {
    return 'unknown'
  }
}

/** Versions for the About box (and `--version` style reports): packages, then native libraries. */
export async function componentVersions(): Promise<ComponentVersion[]> {
  const packages = await Promise.all(
    PACKAGES.map(async ([label, name]) => ({ name: label, version: await packageVersion(name) })),
  )
  return [
    ...packages,
    { name: 'libvips', version: sharp.versions.vips },
    { name: 'SQLite', version: sqlite3.VERSION },
  ]
}
