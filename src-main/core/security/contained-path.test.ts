import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPathInside, resolveContainedPath } from './contained-path'

let base: string
let root: string

beforeAll(async () => {
  // Real path up front: on macOS the temp dir itself sits behind a symlink.
  base = await realpath(await mkdtemp(join(tmpdir(), 'greenlight-contain-')))
  root = join(base, 'thumbs')
  await mkdir(join(root, 'sub'), { recursive: true })
  await writeFile(join(root, 'good.webp'), 'inside')
  await writeFile(join(root, 'sub', 'nested.png'), 'nested')
  await writeFile(join(base, 'secret.txt'), 'outside')
  // A sibling whose name shares the root's prefix: must not count as inside.
  await mkdir(join(base, 'thumbs-evil'))
  await writeFile(join(base, 'thumbs-evil', 'x.webp'), 'sibling')
  await symlink(join(base, 'secret.txt'), join(root, 'escape.webp'))
  await symlink(base, join(root, 'dir-escape'))
  await symlink(join(root, 'good.webp'), join(root, 'alias.webp'))
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

describe('resolveContainedPath', () => {
  it('serves a file inside the root, as its real path', async () => {
    const result = await resolveContainedPath(root, 'good.webp')
    expect(result).toEqual({ ok: true, value: join(root, 'good.webp') })
  })

  it('serves a nested file and a percent-encoded name', async () => {
    expect(await resolveContainedPath(root, 'sub/nested.png')).toMatchObject({ ok: true })
    expect(await resolveContainedPath(root, 'sub%2Fnested.png')).toMatchObject({ ok: true })
  })

  it('follows a symlink that stays inside the root', async () => {
    const result = await resolveContainedPath(root, 'alias.webp')
    expect(result).toEqual({ ok: true, value: join(root, 'good.webp') })
  })

  it.each([
    ['..', '../secret.txt'],
    ['.. mid-path', 'sub/../../secret.txt'],
    ['%2e%2e', '%2e%2e/secret.txt'],
    ['%2E%2E upper-case', '%2E%2E/secret.txt'],
    ['%2e%2e%2f', '%2e%2e%2fsecret.txt'],
    ['..%2f', '..%2fsecret.txt'],
    ['encoded backslash', '..%5csecret.txt'],
    ['raw backslash', '..\\secret.txt'],
    ['absolute path', '/etc/passwd'],
    ['encoded absolute path', '%2fetc%2fpasswd'],
    ['drive letter', 'C:%5cWindows%5cwin.ini'],
    ['NUL byte', 'good.webp%00.png'],
    ['malformed encoding', '%E0%A4%A'],
    ['empty', ''],
    ['prefix sibling', '../thumbs-evil/x.webp'],
  ])('refuses %s', async (_name, requested) => {
    const result = await resolveContainedPath(root, requested)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('VALIDATION')
  })

  it('refuses a symlink inside the root that points outside', async () => {
    const result = await resolveContainedPath(root, 'escape.webp')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('VALIDATION')
  })

  it('refuses a path through a symlinked directory that leaves the root', async () => {
    const result = await resolveContainedPath(root, 'dir-escape/secret.txt')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('VALIDATION')
  })

  it('reports a missing file as NOT_FOUND', async () => {
    const result = await resolveContainedPath(root, 'missing.webp')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND')
  })

  it('reports a directory as NOT_FOUND rather than serving it', async () => {
    const result = await resolveContainedPath(root, 'sub')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND')
  })

  it('reports a missing root as NOT_FOUND', async () => {
    const result = await resolveContainedPath(join(base, 'nope'), 'good.webp')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND')
  })

  it('works when the root itself is reached through a symlink', async () => {
    const linkedRoot = join(base, 'linked-root')
    await symlink(root, linkedRoot)
    const result = await resolveContainedPath(linkedRoot, 'good.webp')
    expect(result).toEqual({ ok: true, value: join(root, 'good.webp') })
  })
})

describe('isPathInside', () => {
  it('requires a separator after the root and something below it', () => {
    expect(isPathInside('/data/thumbs', '/data/thumbs/a.webp', false)).toBe(true)
    expect(isPathInside('/data/thumbs', '/data/thumbs-evil/a.webp', false)).toBe(false)
    expect(isPathInside('/data/thumbs', '/data/thumbs', false)).toBe(false)
    expect(isPathInside('/data/thumbs/', '/data/thumbs/a.webp', false)).toBe(true)
  })

  it('ignores case only when the platform file system does', () => {
    expect(isPathInside('/Data/Thumbs', '/data/thumbs/a.webp', false)).toBe(false)
    expect(isPathInside('/Data/Thumbs', '/data/thumbs/a.webp', true)).toBe(true)
  })
})
