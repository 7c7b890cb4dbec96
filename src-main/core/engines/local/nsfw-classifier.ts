import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { loadGraphModel } from '@tensorflow/tfjs-converter'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { modelCachePath, readCachedModel, writeCachedModel } from './model-cache'
import { nsfwModelSource } from './nsfw-model-files'
import { scoresFromVector, type NsfwScores } from './nsfw-scores'
import type { NsfwModelName } from './worker-protocol'

export interface NsfwClassifier {
  readonly backend: string
  readonly inputSize: number
  /** `rgb` is inputSize² × 3 bytes. */
  classify(rgb: Uint8Array): Promise<NsfwScores>
  liveTensors(): number
}

/** The folder holding tfjs's .wasm binaries inside the installed npm package (never a CDN). */
export function tfjsWasmDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/'
}

/** What `predict` needs from either model kind (a converter graph model or a layers model). */
interface Predictor {
  predict(input: tf.Tensor): tf.Tensor | tf.Tensor[] | tf.NamedTensorMap
}

/** nsfwjs's models have one output: the five class probabilities. */
function onlyOutput(out: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap): tf.Tensor {
  const first = out instanceof tf.Tensor ? out : Array.isArray(out) ? out[0] : Object.values(out)[0]
  if (!first) throw new Error('The NSFW model returned no output')
  return first
}

/** nsfwjs's model, from the data folder's cached copy when there is one (see model-cache.ts). */
function readArtifacts(model: NsfwModelName, cacheDir: string | undefined) {
  const source = nsfwModelSource(model)
  if (cacheDir === undefined) return { source, artifacts: source.read() }
  const path = modelCachePath(cacheDir, source.cacheKey)
  const cached = readCachedModel(path)
  if (cached) return { source, artifacts: cached }
  const artifacts = source.read()
  writeCachedModel(path, cacheDir, artifacts)
  return { source, artifacts }
}

async function loadModel(model: NsfwModelName, cacheDir: string | undefined): Promise<Predictor> {
  const { source, artifacts: read } = readArtifacts(model, cacheDir)
  const artifacts = tf.io.fromMemory(read)
  if (source.graph) return loadGraphModel(artifacts)
  // Only MobileNetV2 and InceptionV3 are layers models: load tfjs-layers for them alone.
  const layers = await import('@tensorflow/tfjs-layers')
  return layers.loadLayersModel(artifacts)
}

/**
 * Loads an nsfwjs model once per worker, on tfjs-core with only the backend it runs on and the
 * converter, not the whole tfjs bundle (see docs/architecture.md §4). In Node the wasm backend
 * picks the SIMD binary (threads are off in Node: tfjs issue 3830), which is why the pool runs
 * one model per core instead. The weights are read from nsfwjs's package, so nothing is fetched.
 */
export async function loadNsfwClassifier(
  backend: 'wasm' | 'cpu',
  model: NsfwModelName,
  /** `<dataDir>/cache`: where the model is kept in binary form for the next start; none: not kept. */
  cacheDir?: string,
): Promise<NsfwClassifier> {
  if (backend === 'wasm') setWasmPaths(tfjsWasmDir())
  // The pure-JS backend exists for the benchmark's comparison only.
  else await import('@tensorflow/tfjs-backend-cpu')
  if (!(await tf.setBackend(backend)))
    throw new Error(`The tfjs ${backend} backend failed to start`)
  await tf.ready()
  // setBackend can fall back silently; never run the slow pure-JS backend by accident.
  if (tf.getBackend() !== backend) throw new Error(`tfjs is on ${tf.getBackend()}, not ${backend}`)
  const inputSize = model === 'InceptionV3' ? 299 : 224
  const net = await loadModel(model, cacheDir)
  // nsfwjs's preprocessing (core.js `infer`): bytes to [0, 1], batch of one. The worker already
  // resized the image to inputSize², so nsfwjs's resize step never applies.
  const scale = tf.scalar(255)
  return {
    backend: tf.getBackend(),
    inputSize,
    liveTensors: () => tf.memory().numTensors,
    async classify(rgb) {
      const probabilities = tf.tidy(() => {
        const image = tf.tensor3d(rgb, [inputSize, inputSize, 3], 'int32')
        const batched = tf.reshape(tf.div(tf.cast(image, 'float32'), scale), [
          1,
          inputSize,
          inputSize,
          3,
        ])
        return onlyOutput(net.predict(batched))
      })
      try {
        return scoresFromVector(await probabilities.data())
      } finally {
        probabilities.dispose()
      }
    },
  }
}
