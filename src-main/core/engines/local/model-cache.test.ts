import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  decodeModel,
  encodeModel,
  modelCachePath,
  readCachedModel,
  writeCachedModel,
} from './model-cache'
import { nsfwModelSource } from './nsfw-model-files'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gl-model-cache-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('model cache', () => {
  it('keeps nsfwjs’s model byte for byte, keyed by the package version', () => {
    const source = nsfwModelSource('MobileNetV2Mid')
    expect(source.graph).toBe(true)
    expect(source.cacheKey).toMatch(/^nsfwjs-\d+\.\d+\.\d+-mobilenet_v2_mid$/)
    const artifacts = source.read()
    const path = modelCachePath(join(dir, 'cache'), source.cacheKey)
    writeCachedModel(path, join(dir, 'cache'), artifacts)
    const back = readCachedModel(path)
    expect(back?.weightSpecs).toEqual(artifacts.weightSpecs)
    expect(back?.modelTopology).toEqual(artifacts.modelTopology)
    expect(back?.format).toBe('graph-model')
    const bytes = (a: typeof artifacts | null) => Buffer.from(a?.weightData as ArrayBuffer)
    expect(bytes(back).equals(bytes(artifacts))).toBe(true)
  })

  it('ignores a file cut short, a foreign file and a missing one', async () => {
    const artifacts = {
      modelTopology: { node: [] },
      weightSpecs: [{ name: 'w', shape: [2, 2], dtype: 'float32' as const }],
      weightData: new Float32Array([1, 2, 3, 4]).buffer,
    }
    const whole = encodeModel(artifacts)
    expect(decodeModel(whole)?.weightSpecs).toEqual(artifacts.weightSpecs)
    expect(decodeModel(whole.subarray(0, whole.length - 1))).toBeNull()
    const foreign = join(dir, 'foreign.glm')
    await writeFile(foreign, 'not a model')
    expect(readCachedModel(foreign)).toBeNull()
    expect(readCachedModel(join(dir, 'missing.glm'))).toBeNull()
  })
})
