import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { io } from '@tensorflow/tfjs-core'

/** "GLM1": a Greenlight model file, version 1. Anything else is not ours and is ignored. */
const MAGIC = 0x314d4c47

/** Where a model's cached copy lives, under `<dataDir>/cache/`, named by what it holds. */
export function modelCachePath(cacheDir: string, cacheKey: string): string {
  return join(cacheDir, `${cacheKey}.glm`)
}

/**
 * The model in one binary file: magic, header length, the artifacts without their weights as
 * JSON, then the weight bytes. Reading it takes a few milliseconds where evaluating nsfwjs's
 * base64 JS shards takes ~150 ms per worker (measured by `npm run bench:local`).
 */
export function encodeModel(artifacts: io.ModelArtifacts): Buffer {
  const { weightData, ...rest } = artifacts
  if (!(weightData instanceof ArrayBuffer)) throw new Error('Only one weight buffer is cached')
  const header = Buffer.from(JSON.stringify(rest), 'utf8')
  const prefix = Buffer.alloc(8)
  prefix.writeUInt32LE(MAGIC, 0)
  prefix.writeUInt32LE(header.length, 4)
  return Buffer.concat([prefix, header, Buffer.from(weightData)])
}

/** The artifacts back, or null when the bytes are not a whole model file of ours. */
export function decodeModel(bytes: Buffer): io.ModelArtifacts | null {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== MAGIC) return null
  const headerEnd = 8 + bytes.readUInt32LE(4)
  if (headerEnd > bytes.length) return null
  let header: io.ModelArtifacts
  try {
    header = JSON.parse(bytes.subarray(8, headerEnd).toString('utf8')) as io.ModelArtifacts
  } catch {
    return null
  }
  const expected = (header.weightSpecs ?? []).reduce((sum, spec) => sum + specBytes(spec), 0)
  // A file cut short by a crash mid-write (or by a full disk): read the package again instead.
  if (bytes.length - headerEnd !== expected) return null
  // A copy of its own: the weights must not share memory with the file's read buffer.
  const weightData = new Uint8Array(bytes.subarray(headerEnd)).buffer
  return { ...header, weightData }
}

const DTYPE_BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
}

/** Bytes one weight takes in the file: quantized weights are stored at their quantized width. */
function specBytes(spec: io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((a, b) => a * b, 1)
  const dtype = spec.quantization?.dtype ?? spec.dtype
  return count * (DTYPE_BYTES[dtype] ?? 4)
}

/** The cached model, or null when there is none (or it is unreadable: then it is rebuilt). */
export function readCachedModel(path: string): io.ModelArtifacts | null {
  try {
    return decodeModel(readFileSync(path))
  } catch {
    return null
  }
}

/**
 * Writes the cache file whole or not at all (temp file, then rename), so a worker that reads it
 * at the same moment, in this process or another, sees either nothing or the complete model.
 * A failure (read-only or full disk) only costs the next start its speed-up.
 */
export function writeCachedModel(path: string, dir: string, artifacts: io.ModelArtifacts): void {
  const temp = `${path}.${String(process.pid)}.${String(Math.random()).slice(2)}.tmp`
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(temp, encodeModel(artifacts))
    renameSync(temp, path)
  } catch {
    rmSync(temp, { force: true })
  }
}
