/**
 * Worker-thread entry of the local engine: loads the NSFW model and the QR reader once, then
 * judges one image per message. Everything heavy (decode, inference, QR) happens here, so the
 * main thread (Electron's UI process, the CLI's event loop) never blocks on it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import sharp from 'sharp'
import { appError, err, ok, toAppError, type Result } from '../../../../src-shared/result'
import { DEFAULT_DECODE_OPTIONS, decodeImage } from '../../media/decode-image'
import { loadNsfwClassifier, type NsfwClassifier } from './nsfw-classifier'
import { loadQrReader, type QrReader } from './qr-reader'
import type {
  FrameJudgement,
  JobRequest,
  RawJudgement,
  WorkerInit,
  WorkerMessage,
} from './worker-protocol'

const port = parentPort
if (!port) throw new Error('local-worker must run in a worker thread')
const init = workerData as WorkerInit
const decodeOptions = init.decode ?? DEFAULT_DECODE_OPTIONS

// One libvips thread per worker: the pool already runs one worker per core.
sharp.concurrency(1)
sharp.cache(false)

function post(message: WorkerMessage): void {
  port?.postMessage(message)
}

async function judge(
  job: JobRequest,
  classifier: NsfwClassifier,
  qr: QrReader,
): Promise<Result<RawJudgement>> {
  const decoded = await decodeImage(job.source, {
    ...decodeOptions,
    classifierSize: job.porn ? classifier.inputSize : 0,
    qrMaxSide: job.qrcode ? decodeOptions.qrMaxSide : 0,
    maxFrames: job.maxFrames ?? decodeOptions.maxFrames,
    ...(job.interval !== undefined ? { interval: job.interval } : {}),
  })
  if (!decoded.ok) return decoded
  const image = decoded.value
  const frames: FrameJudgement[] = []
  for (const frame of image.frames) {
    const nsfw = frame.classifierRgb ? await classifier.classify(frame.classifierRgb) : undefined
    const hits = frame.qrRgba
      ? await qr.read(frame.qrRgba, image.width / frame.qrRgba.width)
      : undefined
    frames.push({ index: frame.index, ...(nsfw ? { nsfw } : {}), ...(hits ? { qr: hits } : {}) })
  }
  return ok({
    format: image.format,
    width: image.width,
    height: image.height,
    pageCount: image.pageCount,
    frames,
    sha256: image.sha256,
  })
}

async function main(): Promise<void> {
  let classifier: NsfwClassifier
  let qr: QrReader
  try {
    ;[classifier, qr] = await Promise.all([
      loadNsfwClassifier(init.backend, init.model, init.cacheDir),
      loadQrReader(),
    ])
  } catch (error) {
    post({
      type: 'init-failed',
      error: appError(
        'ENGINE_FAILED',
        `The local engine could not load its models (${toAppError(error).message}). Reinstall Greenlight.`,
        false,
        { reason: 'model', detail: toAppError(error).message },
      ),
    })
    return
  }
  // Jobs run one after another: tfjs and zxing are single-threaded here anyway.
  let chain = Promise.resolve()
  port?.on('message', (job: JobRequest) => {
    if (job.crash === 'exit') process.exit(70)
    if (job.crash === 'throw') {
      setImmediate(() => {
        throw new Error('local-worker: crash requested by a test')
      })
      return
    }
    chain = chain.then(async () => {
      let outcome: Result<RawJudgement>
      try {
        outcome = await judge(job, classifier, qr)
      } catch (error) {
        outcome = err(
          appError(
            'ENGINE_FAILED',
            `The local engine failed on this image: ${toAppError(error).message}`,
            true,
          ),
        )
      }
      post({ type: 'result', id: job.id, outcome, tensors: classifier.liveTensors() })
    })
  })
  post({ type: 'ready', backend: classifier.backend })
}

void main()
