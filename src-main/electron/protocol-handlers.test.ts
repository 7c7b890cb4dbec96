import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCsp } from '../../src-shared/security/csp'
import {
  createAppProtocolHandler,
  createThumbProtocolHandler,
  thumbIdFrom,
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
