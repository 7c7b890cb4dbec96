import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../../src-shared/domain'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { enqueueInputs, type EnqueueRequest } from '../scan/enqueue-inputs'
import { saveStdinBytes, STDIN_FOLDER, type SavedStdin, type StdinStream } from './stdin-bytes'

let dataDir = ''
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gl-stdin-'))
})
afterEach(() => rm(dataDir, { recursive: true, force: true }))

/** A piped stream delivering `bytes` in small chunks, as a pipe does. */
function piped(bytes: Uint8Array, chunk = 4096): StdinStream {
  const parts: Buffer[] = []
  for (let at = 0; at < bytes.length; at += chunk)
    parts.push(Buffer.from(bytes.subarray(at, at + chunk)))
  return Readable.from(parts)
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const stored = () => readdir(join(dataDir, STDIN_FOLDER))

describe('saveStdinBytes', () => {
  it('streams the bytes to <dataDir>/stdin/<sha256>.jpg, named by content', async () => {
    const jpeg = await photoLikeJpeg(320, 240, 1)
    const saved = await saveStdinBytes(piped(jpeg, 1000), dataDir)
    expect(saved.ok).toBe(true)
    if (!saved.ok) return
    expect(saved.value).toEqual({
      path: join(dataDir, STDIN_FOLDER, `${sha256(jpeg)}.jpg`),
      sha256: sha256(jpeg),
      size: jpeg.length,
      format: 'jpeg',
    })
    expect(Buffer.compare(await readFile(saved.value.path), jpeg)).toBe(0)
    // No temp file left behind.
    expect(await stored()).toEqual([`${sha256(jpeg)}.jpg`])
  })

  it('keeps the same bytes piped twice as one file', async () => {
    const jpeg = await photoLikeJpeg(64, 48, 2)
    const first = await saveStdinBytes(piped(jpeg), dataDir)
    const second = await saveStdinBytes(piped(jpeg, 7), dataDir)
    expect(first.ok && second.ok && first.value.path === second.value.path).toBe(true)
    expect(await stored()).toHaveLength(1)
  })

  it('names bytes that are no known image .bin, for the scan to fail alone', async () => {
    const text = Buffer.from('hello, this is not an image\n')
    const saved = await saveStdinBytes(piped(text), dataDir)
    expect(saved.ok && saved.value.format === null && saved.value.path.endsWith('.bin')).toBe(true)
  })

  it('sniffs the format from a head split across chunks', async () => {
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(40, 1)])
    const saved = await saveStdinBytes(piped(png, 3), dataDir)
    expect(saved.ok && saved.value.format).toBe('png')
  })

  it('refuses nothing at all (FILE_EMPTY), saving nothing', async () => {
    const saved = await saveStdinBytes(Readable.from([]), dataDir)
    expect(saved.ok ? null : saved.error.code).toBe('FILE_EMPTY')
    if (!saved.ok) expect(saved.error.message).toMatch(/Pipe an image in/)
    expect(await stored()).toEqual([])
  })

  it('refuses a terminal without reading it', async () => {
    let read = false
    const tty: StdinStream = {
      isTTY: true,
      [Symbol.asyncIterator]() {
        read = true
        return Readable.from([])[Symbol.asyncIterator]()
      },
    }
    const saved = await saveStdinBytes(tty, dataDir)
    expect(saved.ok ? null : saved.error.code).toBe('UNSUPPORTED_INPUT')
    if (!saved.ok) expect(saved.error.message).toMatch(/terminal/)
    expect(read).toBe(false)
  })

  it('stops at the size cap with IMAGE_TOO_LARGE and removes the partial file', async () => {
    const saved = await saveStdinBytes(piped(Buffer.alloc(10_000, 7), 1000), dataDir, {
      maxBytes: 5000,
    })
    expect(saved.ok ? null : saved.error.code).toBe('IMAGE_TOO_LARGE')
    expect(await stored()).toEqual([])
  })

  it('reports a failing stream as FILE_UNREADABLE, removing the partial file', async () => {
    const broken = Readable.from(
      (async function* () {
        yield Buffer.from([0xff, 0xd8, 0xff, 0xe0])
        await Promise.resolve()
        throw new Error('pipe broke')
      })(),
    )
    const saved = await saveStdinBytes(broken, dataDir)
    expect(saved.ok ? null : saved.error).toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringContaining('pipe broke') as unknown,
    })
    expect(await stored()).toEqual([])
  })

  it('says when the folder cannot be written (FILE_UNWRITABLE)', async () => {
    // The data dir is a file: the stdin folder cannot be made under it.
    const blocker = join(dataDir, 'file')
    await writeFile(blocker, 'x')
    const saved = await saveStdinBytes(piped(Buffer.from([1, 2, 3])), blocker)
    expect(saved.ok ? null : saved.error.code).toBe('FILE_UNWRITABLE')
  })
})

describe('saved stdin bytes through enqueueInputs', () => {
  let store: SqliteStore
  const changed: Item[][] = []
  const deps = () => ({
    store,
    events: { itemsChanged: (items: readonly Item[]) => changed.push([...items]) },
  })
  const request = { engine: 'local' as const, scenes: ['porn' as const], bizType: null }
  /** What scan.ts does with a piped image: one more source, beside the typed inputs. */
  const enqueueSaved = (req: Omit<EnqueueRequest, 'inputs'>, saved: SavedStdin) =>
    enqueueInputs(deps(), {
      ...req,
      inputs: [],
      sources: [{ sourceKind: 'bytes', source: saved.path }],
    })
  beforeEach(async () => {
    store = await openStore(dataDir)
    changed.length = 0
  })
  afterEach(() => store.close())

  it('queues a bytes item whose source is the stored path, and announces it', async () => {
    const saved = await saveStdinBytes(piped(await photoLikeJpeg(64, 48, 3)), dataDir)
    if (!saved.ok) throw new Error(saved.error.message)
    const enqueued = await enqueueSaved(request, saved.value)
    expect(enqueued.queued).toHaveLength(1)
    const item = await store.items.get(enqueued.queued[0] ?? -1)
    expect(item).toMatchObject({
      sourceKind: 'bytes',
      source: saved.value.path,
      state: 'queued',
      mode: 'sync',
    })
    expect(changed.flat().map((i) => i.id)).toEqual(enqueued.queued)
  })

  it('picks up an unfinished item for the same bytes, and keeps a done one', async () => {
    const saved = await saveStdinBytes(piped(await photoLikeJpeg(64, 48, 4)), dataDir)
    if (!saved.ok) throw new Error(saved.error.message)
    const first = await enqueueSaved(request, saved.value)
    const again = await enqueueSaved(request, saved.value)
    expect(again.queued).toEqual(first.queued)
    const id = first.queued[0] ?? -1
    await store.items.update(id, { state: 'done', sha256: saved.value.sha256 })
    const done = await enqueueSaved(request, saved.value)
    expect(done.queued).toEqual([])
    expect(done.reused.map((i) => i.id)).toEqual([id])
    // Other settings are another question: a new item.
    const other = await enqueueSaved({ ...request, scenes: ['qrcode'] }, saved.value)
    expect(other.queued).toHaveLength(1)
    expect(other.queued[0]).not.toBe(id)
  })
})
