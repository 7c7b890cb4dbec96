import { createHash } from 'node:crypto'
import { sceneSchema, type Scene, type Suggestion } from '../../../../../src-shared/domain'
import type { WireSceneResult } from '../green-types'
import { MAX_TASKS_PER_REQUEST, MAX_URL_LENGTH } from '../green-types'
import { sniffImageType } from '../image-sniff'
import type { StoredObject } from './oss-put'
import { deriveSceneResult, feedbackSceneResult, type ScriptedScene } from './verdicts'

/** A test's script for one image: a per-task error code, or verdicts for some scenes. */
export interface VerdictScript {
  readonly taskCode?: number
  readonly taskMsg?: string
  readonly scenes?: Partial<Record<Scene, ScriptedScene>>
}

export interface ParsedTask {
  readonly dataId?: string
  readonly url: string
  readonly interval?: number
  readonly maxFrames?: number
}

export interface ParsedScan {
  readonly scenes: readonly Scene[]
  readonly tasks: readonly ParsedTask[]
  readonly bizType?: string
  readonly callback?: string
  readonly seed?: string
  readonly cryptType?: string
}

const MAX_IMAGE_BYTES = 20 * 1024 * 1024
const MAX_SIDE = 30_000
const MAX_GIF_PIXELS = 4_194_304

/** Width and height from a PNG IHDR or a GIF logical screen, when cheap to read (§3.1 limits). */
export function imageSize(bytes: Buffer, type: string): { width: number; height: number } | null {
  if (type === 'png' && bytes.length >= 24)
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
  if (type === 'gif' && bytes.length >= 10)
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) }
  return null
}

/**
 * Validates a scan body as §10.3 lists. §11 decision: `tasks` as a single object and `scenes`
 * as a string are accepted (one third-party client relies on it) and wrapped into arrays.
 */
export function parseScanBody(json: unknown): ParsedScan | { readonly error: string } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { error: 'request body must be a JSON object' }
  }
  const body = json as Record<string, unknown>
  const rawScenes = typeof body.scenes === 'string' ? [body.scenes] : body.scenes
  if (!Array.isArray(rawScenes) || rawScenes.length === 0) return { error: 'scenes is empty' }
  const scenes: Scene[] = []
  for (const raw of rawScenes) {
    const scene = sceneSchema.safeParse(raw)
    if (!scene.success) return { error: `scene ${JSON.stringify(raw)} is not supported` }
    if (!scenes.includes(scene.data)) scenes.push(scene.data)
  }
  const rawTasks =
    body.tasks !== null && typeof body.tasks === 'object' && !Array.isArray(body.tasks)
      ? [body.tasks]
      : body.tasks
  if (!Array.isArray(rawTasks) || rawTasks.length === 0) return { error: 'tasks is empty' }
  if (rawTasks.length > MAX_TASKS_PER_REQUEST) {
    return { error: `tasks size ${rawTasks.length} exceeds the limit of ${MAX_TASKS_PER_REQUEST}` }
  }
  const tasks: ParsedTask[] = []
  const dataIds = new Set<string>()
  for (const [index, raw] of rawTasks.entries()) {
    if (raw === null || typeof raw !== 'object')
      return { error: `tasks[${index}] is not an object` }
    const task = raw as Record<string, unknown>
    const url = task.url
    if (typeof url !== 'string' || !/^(https?|oss):\/\//i.test(url)) {
      return { error: `tasks[${index}].url must be an http(s) or oss:// URL` }
    }
    if (url.length > MAX_URL_LENGTH) return { error: `tasks[${index}].url is too long(>2048)` }
    let dataId: string | undefined
    if (task.dataId !== undefined) {
      if (typeof task.dataId !== 'string')
        return { error: `tasks[${index}].dataId must be a string` }
      // §11 decision: dataId max length for images is unknown; the text limit (256) is applied.
      if (task.dataId.length > 256) return { error: `[task.dataId] is too long(>256)` }
      if (dataIds.has(task.dataId)) return { error: `dataId ${task.dataId} is duplicated` }
      dataIds.add(task.dataId)
      dataId = task.dataId
    }
    const interval = typeof task.interval === 'number' ? task.interval : undefined
    const maxFrames = typeof task.maxFrames === 'number' ? task.maxFrames : undefined
    tasks.push({
      ...(dataId !== undefined ? { dataId } : {}),
      url,
      ...(interval !== undefined ? { interval } : {}),
      ...(maxFrames !== undefined ? { maxFrames } : {}),
    })
  }
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : undefined
  const callback = text(body.callback)
  const seed = text(body.seed)
  if (callback !== undefined && (seed === undefined || seed === '')) {
    return { error: 'seed is required when callback is set' }
  }
  const bizType = text(body.bizType)
  const cryptType = text(body.cryptType)
  return {
    scenes,
    tasks,
    ...(bizType !== undefined ? { bizType } : {}),
    ...(callback !== undefined ? { callback } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(cryptType !== undefined ? { cryptType } : {}),
  }
}

export interface ScanWorld {
  readonly bucket: string
  readonly objects: ReadonlyMap<string, StoredObject>
  readonly scripts: ReadonlyMap<string, VerdictScript>
  /** imageKey → scene → what feedback said. */
  readonly feedback: ReadonlyMap<
    string,
    ReadonlyMap<Scene, { suggestion: Suggestion; label?: string }>
  >
  readonly frameBase: string
}

/** `oss://bucket/key` → the stored object, or undefined. */
export function resolveOss(
  url: string,
  world: Pick<ScanWorld, 'objects'>,
): StoredObject | undefined {
  const match = /^oss:\/\/([^/]+)\/(.+)$/i.exec(url)
  if (match === null) return undefined
  return world.objects.get(`${match[1] ?? ''}/${match[2] ?? ''}`)
}

/** Same image, same key: the bytes' hash for stored objects, the URL text otherwise. */
export function imageKeyOf(url: string, world: Pick<ScanWorld, 'objects'>): string {
  const object = resolveOss(url, world)
  return object !== undefined ? `sha256:${object.sha256}` : `url:${url}`
}

export function scriptKeyForBytes(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

export interface JudgedTask {
  readonly imageKey: string
  /** The `data[i]` entry minus taskId. */
  readonly entry: Record<string, unknown>
}

/**
 * Judges one task: oss objects must exist and be images within limits; http(s) URLs are never
 * fetched (their text is the image's identity). Precedence: script error, feedback, script
 * verdict, derived verdict.
 */
export function judgeTask(
  task: ParsedTask,
  scenes: readonly Scene[],
  world: ScanWorld,
): JudgedTask {
  const echo = { ...(task.dataId !== undefined ? { dataId: task.dataId } : {}), url: task.url }
  const failed = (code: number, msg: string, imageKey: string): JudgedTask => ({
    imageKey,
    entry: { ...echo, code, extras: {}, msg },
  })
  let imageKey = `url:${task.url}`
  let isGif = /\.gif(\?|#|$)/i.test(task.url)
  if (task.url.toLowerCase().startsWith('oss://')) {
    const object = resolveOss(task.url, world)
    if (object === undefined) return failed(404, 'NOT_FOUND', imageKey)
    imageKey = `sha256:${object.sha256}`
    if (object.bytes.length > MAX_IMAGE_BYTES) return failed(589, 'TOO_LARGE', imageKey)
    const type = sniffImageType(object.bytes.subarray(0, 16))
    if (type === null) return failed(590, 'BAD_FORMAT', imageKey)
    isGif = type === 'gif'
    const size = imageSize(object.bytes, type)
    if (size !== null) {
      if (size.width > MAX_SIDE || size.height > MAX_SIDE)
        return failed(480, 'DOWNLOAD_FAILED', imageKey)
      if (isGif && size.width * size.height > MAX_GIF_PIXELS) {
        return failed(480, 'GIF_TOO_MUCH_PIXELS', imageKey)
      }
    }
  }
  const script = world.scripts.get(imageKey) ?? world.scripts.get(`url:${task.url}`)
  if (script?.taskCode !== undefined && script.taskCode !== 200) {
    return failed(script.taskCode, script.taskMsg ?? 'SCRIPTED', imageKey)
  }
  // §11 decision: maxFrames defaults to 1 and is capped at 100 here; frames only with interval.
  const frames =
    task.interval !== undefined && isGif ? Math.min(Math.max(1, task.maxFrames ?? 1), 100) : 1
  const feedback = world.feedback.get(imageKey)
  const results = scenes.map((scene): WireSceneResult => {
    const fed = feedback?.get(scene)
    if (fed !== undefined) return feedbackSceneResult(scene, fed.suggestion, fed.label)
    const scripted = script?.scenes?.[scene]
    if (scripted !== undefined) return { ...scripted, scene, rate: scripted.rate ?? 99.9 }
    return deriveSceneResult(imageKey, scene, frames, world.frameBase)
  })
  return { imageKey, entry: { ...echo, code: 200, extras: {}, msg: 'OK', results } }
}
