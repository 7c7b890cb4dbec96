import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { componentVersions } from './component-versions'

const installed = async (name: string) =>
  (
    JSON.parse(
      await readFile(
        join(import.meta.dirname, '../../../node_modules', name, 'package.json'),
        'utf8',
      ),
    ) as { version: string }
  ).version

describe('componentVersions', () => {
  it('reports the installed engine and library versions, read from the packages themselves', async () => {
    const versions = new Map((await componentVersions()).map((c) => [c.name, c.version]))
    expect(versions.get('nsfwjs')).toBe(await installed('nsfwjs'))
    expect(versions.get('TensorFlow.js')).toBe(await installed('@tensorflow/tfjs'))
    expect(versions.get('zxing-wasm')).toBe(await installed('zxing-wasm'))
    expect(versions.get('sharp')).toBe(await installed('sharp'))
    expect(versions.get('node-sqlite3')).toBe(await installed('sqlite3'))
    expect(versions.get('SQLite')).toMatch(/^3\.\d+\.\d+$/)
    expect(versions.get('libvips')).toMatch(/^8\.\d+/)
  })
})
