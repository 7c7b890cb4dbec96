import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCsp } from '../../src-shared/security/csp'
import {
  createAppProtocolHandler,
  createThumbProtocolHandler,
  previewRequestFrom,
  thumbIdFrom,
  type PreviewUrlRequest,
  type ProtocolHandler,
} from './protocol-handlers'

const ID = 'ab'.repeat(32)
const PNG_ID = 'cd'.repeat(32)
const ESCAPE_ID = 'ef'.repeat(32)

let base: string
let rendererDir: string
let thumbsDir: string
let app: ProtocolHandler
let thumb: ProtocolHandler

const get = (url: string) => ({ url, method: 'GET' })

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'greenlight-proto-')))
  rendererDir = join(base, 'renderer')
  thumbsDir = join(base, 'thumbs')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await mkdir(thumbsDir)
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Greenlight</title>')
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(join(base, 'secret.txt'), 'top secret')
  await symlink(join(base, 'secret.txt'), join(rendererDir, 'leak.js'))
  await writeFile(join(thumbsDir, `${ID}.webp`), 'webp-bytes')
  await writeFile(join(thumbsDir, `${PNG_ID}.png`), 'png-bytes')
  await symlink(join(base, 'secret.txt'), join(thumbsDir, `${ESCAPE_ID}.webp`))
  app = createAppProtocolHandler({ rendererDir, csp: buildCsp() })
  thumb = createThumbProtocolHandler({ thumbsDir })
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

describe('app:// handler', () => {
  it('serves index.html for the root with the CSP header and an HTML type', async () => {
    const response = await app(get('app://greenlight/'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(buildCsp())
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'none'")
    expect(await response.text()).toContain('<title>Greenlight</title>')
  })

  it('serves a script with a JavaScript type', async () => {
    const response = await app(get('app://greenlight/assets/index-abc.js'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await response.text()).toBe('console.log(1)')
  })

  it.each([
    ['an encoded dot-dot', 'app://greenlight/%2e%2e%2fsecret.txt'],
    ['dot-dot with an encoded slash', 'app://greenlight/..%2fsecret.txt'],
    ['an encoded backslash', 'app://greenlight/..%5csecret.txt'],
    ['a symlink out of the renderer dir', 'app://greenlight/leak.js'],
    ['an absolute path', 'app://greenlight/%2fetc%2fpasswd'],
  ])('refuses %s', async (_name, url) => {
    const response = await app(get(url))
    expect(response.status).toBe(403)
    expect(await response.text()).not.toContain('top secret')
  })

  it('never serves a file outside through a plain dot-dot (the URL parser folds it first)', async () => {
    const response = await app(get('app://greenlight/../secret.txt'))
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('top secret')
  })

  it('answers 404 for a missing file and for another host', async () => {
    expect((await app(get('app://greenlight/missing.js'))).status).toBe(404)
    expect((await app(get('app://evil/index.html'))).status).toBe(404)
  })

  it('refuses methods other than GET and HEAD', async () => {
    const response = await app({ url: 'app://greenlight/index.html', method: 'POST' })
    expect(response.status).toBe(405)
  })

  it('answers HEAD with headers and no body', async () => {
    const response = await app({ url: 'app://greenlight/index.html', method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe(buildCsp())
    expect(await response.text()).toBe('')
  })
})

describe('thumb:// handler', () => {
  it('serves a valid id from the thumbs dir with its image type', async () => {
    const response = await thumb(get(`thumb://img/${ID}`))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/webp')
    expect(await response.text()).toBe('webp-bytes')
  })

  it('finds a png thumbnail, and accepts a trailing slash', async () => {
    const response = await thumb(get(`thumb://img/${PNG_ID}`))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
  })

  it('asks core to make a thumbnail not made yet, then serves it; a refusal is a 404', async () => {
    const missing = '12'.repeat(32)
    const unmakeable = '34'.repeat(32)
    const asked: string[] = []
    const making = createThumbProtocolHandler({
      thumbsDir,
      make: async (id) => {
        asked.push(id)
        if (id !== missing) return false
        await writeFile(join(thumbsDir, `${id}.webp`), 'made-on-request')
        return true
      },
    })
    const made = await making(get(`thumb://img/${missing}`))
    expect(made.status).toBe(200)
    expect(await made.text()).toBe('made-on-request')
    expect((await making(get(`thumb://img/${unmakeable}`))).status).toBe(404)
    // One that exists is served without asking.
    expect((await making(get(`thumb://img/${ID}`))).status).toBe(200)
    expect(asked).toEqual([missing, unmakeable])
  })

  it('refuses a thumbnail that is a symlink out of the cache', async () => {
    const response = await thumb(get(`thumb://img/${ESCAPE_ID}`))
    expect(response.status).toBe(403)
    expect(await response.text()).not.toContain('top secret')
  })

  it.each([
    ['dot-dot as the host', 'thumb://../secret.txt'],
    ['an encoded dot-dot', 'thumb://%2e%2e/secret.txt'],
    ['a path after the id', `thumb://img/${ID}/../../secret.txt`],
    ['an encoded traversal after the id', `thumb://img/${ID}/%2e%2e%2fsecret.txt`],
    ['a short id', 'thumb://img/abc'],
    ['a non-hex id', `thumb://img/${'z'.repeat(64)}`],
    ['the id as the host', `thumb://${ID}`],
    ['a query', `thumb://img/${ID}?x=1`],
  ])('rejects %s before touching the disk', async (_name, url) => {
    const response = await thumb(get(url))
    expect(response.status).toBe(400)
  })

  it('answers 404 for a well-formed id with no thumbnail', async () => {
    expect((await thumb(get(`thumb://img/${'0'.repeat(64)}`))).status).toBe(404)
  })
})

describe('thumbIdFrom', () => {
  it('lower-cases the id and rejects other schemes', () => {
    expect(thumbIdFrom(`thumb://img/${ID.toUpperCase()}`)).toBe(ID)
    expect(thumbIdFrom(`app://${ID}`)).toBeNull()
  })
})

describe('thumb:// previews', () => {
  let previewsDir: string
  let asked: PreviewUrlRequest[]
  let previews: ProtocolHandler
  beforeAll(async () => {
    previewsDir = join(base, 'previews')
    await mkdir(previewsDir)
    await writeFile(join(previewsDir, `${ID}-0-preview.webp`), 'preview-bytes')
    await writeFile(join(previewsDir, `${ID}-2-full.webp`), 'full-frame-2')
    asked = []
    previews = createThumbProtocolHandler({
      thumbsDir,
      previewsDir,
      // As core does: the cached file of this size and frame, or null when none can be made.
      preview: (request) => {
        asked.push(request)
        if (request.sha256 === PNG_ID) return Promise.resolve(join(base, 'secret.txt'))
        if (request.sha256 !== ID) return Promise.resolve(null)
        const name = `${request.sha256}-${String(request.frame)}-${request.size}.webp`
        return Promise.resolve(join(previewsDir, name))
      },
    })
  })

  it('serves the fitted preview and a judged frame at full size, as images that never change', async () => {
    const preview = await previews(get(`thumb://preview/${ID}`))
    expect(preview.status).toBe(200)
    expect(preview.headers.get('content-type')).toBe('image/webp')
    expect(preview.headers.get('cache-control')).toContain('immutable')
    expect(await preview.text()).toBe('preview-bytes')
    const full = await previews(get(`thumb://full/${ID.toUpperCase()}?frame=2`))
    expect(await full.text()).toBe('full-frame-2')
    expect(asked.at(-1)).toEqual({ sha256: ID, size: 'full', frame: 2 })
  })

  it('answers 404 when none can be made, and never serves a file outside the previews folder', async () => {
    expect((await previews(get(`thumb://preview/${'0'.repeat(64)}`))).status).toBe(404)
    const outside = await previews(get(`thumb://preview/${PNG_ID}`))
    expect(outside.status).toBe(404)
    expect(await outside.text()).not.toContain('top secret')
  })

  it.each([
    ['a short id', 'thumb://preview/abc'],
    ['a path after the id', `thumb://preview/${ID}/../../secret.txt`],
    ['an encoded traversal', `thumb://full/${ID}%2f..%2f..%2fsecret.txt`],
    ['a path as the frame', `thumb://full/${ID}?frame=../x`],
    ['a negative frame', `thumb://full/${ID}?frame=-1`],
    ['a huge frame', `thumb://full/${ID}?frame=10000`],
    ['another query', `thumb://preview/${ID}?path=/etc/passwd`],
    ['two frames', `thumb://preview/${ID}?frame=1&frame=2`],
    ['a fragment', `thumb://preview/${ID}#x`],
  ])('rejects %s before asking core', async (_name, url) => {
    const before = asked.length
    expect((await previews(get(url))).status).toBe(400)
    expect(asked.length).toBe(before)
  })

  it('reads only the preview and full hosts', () => {
    expect(previewRequestFrom(`thumb://img/${ID}`)).toBeNull()
    expect(previewRequestFrom(`app://preview/${ID}`)).toBeNull()
    expect(previewRequestFrom(`thumb://preview/${ID}?frame=7`)).toEqual({
      sha256: ID,
      size: 'preview',
      frame: 7,
    })
  })
})
