import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { io } from '@tensorflow/tfjs-core'
import type { NsfwModelName } from './worker-protocol'

/** How nsfwjs ships each model: its folder under dist/models, and whether it is a graph model. */
const MODEL_DIRS: Record<NsfwModelName, { readonly dir: string; readonly graph: boolean }> = {
  // nsfwjs's own registry (dist/esm/models/*.js): only the Mid model carries `type: 'graph'`.
  MobileNetV2Mid: { dir: 'mobilenet_v2_mid', graph: true },
  MobileNetV2: { dir: 'mobilenet_v2', graph: false },
  InceptionV3: { dir: 'inception_v3', graph: false },
}

type ModelJson = io.ModelJSON

export interface NsfwModelSource {
  readonly graph: boolean
  /** Identifies these exact weights (nsfwjs's version and the model), for the on-disk cache. */
  readonly cacheKey: string
  read(): io.ModelArtifacts
}

/** nsfwjs's installed folder. Its exports map hides dist/models, so go through its main entry. */
function nsfwjsRoot(): string {
  const main = createRequire(import.meta.url).resolve('nsfwjs')
  return join(dirname(main), '..', '..')
}

/**
 * The model nsfwjs ships inside its package, read straight from disk: model.min.js and the weight
 * shards are UMD wrappers around JSON and base64 strings. nsfwjs's own `load` imports the whole
 * tfjs bundle (layers and data too) and decodes base64 a character at a time; this reads the same
 * bytes in milliseconds (see docs/architecture.md §4).
 */
export function nsfwModelSource(model: NsfwModelName): NsfwModelSource {
  const root = nsfwjsRoot()
  const { dir, graph } = MODEL_DIRS[model]
  const version = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  ).version
  const folder = join(root, 'dist', 'models', dir)
  return {
    graph,
    cacheKey: `nsfwjs-${version}-${dir}`,
    read() {
      const require = createRequire(join(folder, 'model.min.js'))
      // Once read, the wrappers' strings (7 MB for the Mid model) must not stay in require's cache.
      const load = (file: string): unknown => {
        const path = join(folder, file)
        try {
          return require(path)
        } finally {
          // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- require's own cache
          delete require.cache[path]
        }
      }
      const json = load('model.min.js') as ModelJson
      const weightSpecs: io.WeightsManifestEntry[] = []
      const parts: Buffer[] = []
      for (const group of json.weightsManifest) {
        for (const path of group.paths) {
          parts.push(Buffer.from(load(`${path}.min.js`) as string, 'base64'))
        }
        weightSpecs.push(...group.weights)
      }
      // What nsfwjs's JSONHandler hands tfjs: the manifest's fields, weights in one buffer.
      const { weightsManifest: _manifest, ...rest } = json
      return { ...rest, weightSpecs, weightData: new Uint8Array(Buffer.concat(parts)).buffer }
    },
  }
}
