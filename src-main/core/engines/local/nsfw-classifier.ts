import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { load, type NSFWJS } from 'nsfwjs'
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

/**
 * Loads nsfwjs once per worker. In Node the wasm backend picks the SIMD binary (threads are off in
 * Node: tfjs issue 3830), which is why the pool runs one model per core instead. nsfwjs embeds
 * its weights in the package's model files, so nothing is fetched.
 */
export async function loadNsfwClassifier(
  backend: 'wasm' | 'cpu',
  model: NsfwModelName,
): Promise<NsfwClassifier> {
  if (backend === 'wasm') setWasmPaths(tfjsWasmDir())
  if (!(await tf.setBackend(backend)))
    throw new Error(`The tfjs ${backend} backend failed to start`)
  await tf.ready()
  // setBackend can fall back silently; never run the slow pure-JS backend by accident.
  if (tf.getBackend() !== backend) throw new Error(`tfjs is on ${tf.getBackend()}, not ${backend}`)
  const inputSize = model === 'InceptionV3' ? 299 : 224
  const net: NSFWJS = await load(model, { size: inputSize })
  return {
    backend: tf.getBackend(),
    inputSize,
    liveTensors: () => tf.memory().numTensors,
    async classify(rgb) {
      const probabilities = tf.tidy(() => {
        const image = tf.tensor3d(rgb, [inputSize, inputSize, 3], 'int32')
        return net.infer(image)
      })
      try {
        return scoresFromVector(await probabilities.data())
      } finally {
        probabilities.dispose()
      }
    },
  }
}
