import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExpandedInput } from './image-source'
import { expandInputs, type ExpandOptions } from './expand-inputs'

let root: string

async function touch(path: string, content = 'x'): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, content)
}

/**
 * photos/
 *   a.jpg  B.JPG  c.Png  notes.txt  .hidden.jpg
 *   alias.jpg -> a.jpg            (second route to a file)
 *   broken.jpg -> gone.jpg        (broken link)
 *   link-to-sub -> sub            (second route to a folder)
 *   sub/ e.gif f.bmp g.jpeg  up -> ..  (link to an ancestor)  deep/d.webp
 *   猫咪/照片 🐱.jpg
 */
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gl-inputs-'))
  const photos = join(root, 'photos')
  for (const name of ['a.jpg', 'B.JPG', 'c.Png', 'notes.txt', '.hidden.jpg']) {
    await touch(join(photos, name))
  }
  for (const name of ['e.gif', 'f.bmp', 'g.jpeg', 'deep/d.webp', 'readme.md']) {
    await touch(join(photos, 'sub', name))
  }
  await touch(join(photos, '猫咪', '照片 🐱.jpg'))
  await symlink('a.jpg', join(photos, 'alias.jpg'))
  await symlink('gone.jpg', join(photos, 'broken.jpg'))
  await symlink('sub', join(photos, 'link-to-sub'))
  await symlink('..', join(photos, 'sub', 'up'))
})

afterAll(() => rm(root, { recursive: true, force: true }))

async function collect(inputs: string[], options: ExpandOptions = {}) {
  const expansion = expandInputs(inputs, { cwd: root, ...options })
  const results: ExpandedInput[] = []
  for await (const result of expansion) results.push(result)
  const files = results.flatMap((r) =>
    r.ok && r.source.kind === 'file' ? [relative(root, r.source.path)] : [],
  )
  const errors = results.flatMap((r) => (r.ok ? [] : [{ input: r.input, ...r.error }]))
  return { results, files, errors, counts: expansion.counts }
}

describe('expandInputs: folders', () => {
  it('walks nested folders for image extensions in any case, skipping other and hidden files', async () => {
    const { files, counts } = await collect(['photos'])
    expect(files.sort()).toEqual(
      [
        'photos/B.JPG',
        'photos/a.jpg',
        'photos/c.Png',
        'photos/sub/deep/d.webp',
        'photos/sub/e.gif',
        'photos/sub/f.bmp',
        'photos/sub/g.jpeg',
        'photos/猫咪/照片 🐱.jpg',
      ].sort(),
    )
    expect(counts.files).toBe(8)
    // notes.txt, .hidden.jpg, sub/readme.md
    expect(counts.skipped).toBe(3)
  })

  it('follows links once: a link to an ancestor neither hangs nor duplicates, nor does a second route', async () => {
    const { files, counts } = await collect(['photos'])
    expect(new Set(files).size).toBe(files.length)
    expect(files.some((f) => f.includes('link-to-sub') || f.includes('/up/'))).toBe(false)
    // sub/up -> photos, link-to-sub -> sub
    expect(counts.linksSkipped).toBe(2)
    // alias.jpg -> a.jpg
    expect(counts.duplicates).toBe(1)
  })

  it('reports a broken link to an image as FILE_NOT_FOUND and goes on', async () => {
    const { errors, counts } = await collect(['photos'])
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'FILE_NOT_FOUND',
        input: join(root, 'photos', 'broken.jpg'),
      }),
    ])
    expect(errors[0]?.message).toMatch(/link/)
    expect(counts.errors).toBe(1)
  })

  it('survives mutual link loops between folders when asked to follow links outside', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gl-loop-'))
    await touch(join(dir, 'x', 'one.jpg'))
    await touch(join(dir, 'z', 'two.png'))
    await symlink(join(dir, 'z'), join(dir, 'x', 'to-z'))
    await symlink(join(dir, 'x'), join(dir, 'z', 'to-x'))
    const expansion = expandInputs([join(dir, 'x')], { followSymlinks: true })
    const paths: string[] = []
    for await (const r of expansion) if (r.ok && r.source.kind === 'file') paths.push(r.source.path)
    expect(paths.map((p) => relative(dir, p))).toEqual(['x/one.jpg', 'x/to-z/two.png'])
    expect(expansion.counts.linksSkipped).toBe(1)
    await rm(dir, { recursive: true, force: true })
  })

  it('yields the first image before walking the rest of a large tree', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gl-many-'))
    for (let f = 0; f < 20; f++) {
      for (let i = 0; i < 100; i++) await touch(join(dir, `f${f}`, `${i}.jpg`))
    }
    const expansion = expandInputs([dir])
    const iterator = expansion[Symbol.asyncIterator]()
    const first = await iterator.next()
    expect(first.done).toBe(false)
    expect(expansion.counts.files).toBe(1)
    let rest = 0
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) rest++
    expect(rest).toBe(1999)
    await rm(dir, { recursive: true, force: true })
  })

  it('stops between results when aborted', async () => {
    const controller = new AbortController()
    const seen: ExpandedInput[] = []
    for await (const r of expandInputs(['photos'], { cwd: root, signal: controller.signal })) {
      seen.push(r)
      controller.abort()
    }
    expect(seen).toHaveLength(1)
  })

  it.skipIf(process.getuid?.() === 0)(
    'reports an unreadable folder as FILE_UNREADABLE and goes on',
    async () => {
      const locked = join(root, 'locked')
      await touch(join(locked, 'secret.jpg'))
      await chmod(locked, 0o000)
      try {
        const { files, errors } = await collect(['locked', 'photos/a.jpg'])
        expect(errors.map((e) => e.code)).toEqual(['FILE_UNREADABLE'])
        expect(files).toEqual(['photos/a.jpg'])
      } finally {
        await chmod(locked, 0o755)
      }
    },
  )
})

describe('expandInputs: files, URLs and bad inputs', () => {
  it('refuses other schemes per input with UNSUPPORTED_INPUT, and the rest go on', async () => {
    const { results, errors } = await collect([
      'ftp://example.com/a.jpg',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:image/png;base64,iVBORw0KGgo=',
      'HTTPS://Example.com/猫.jpg',
      'photos/a.jpg',
    ])
    expect(errors.map((e) => [e.input, e.code])).toEqual([
      ['ftp://example.com/a.jpg', 'UNSUPPORTED_INPUT'],
      ['file:///etc/passwd', 'UNSUPPORTED_INPUT'],
      ['javascript:alert(1)', 'UNSUPPORTED_INPUT'],
      ['data:image/png;base64,iVBORw0KGgo=', 'UNSUPPORTED_INPUT'],
    ])
    expect(errors[0]?.message).toContain('"ftp:"')
    expect(results.slice(4).map((r) => r.ok && r.source)).toEqual([
      { kind: 'url', url: 'https://example.com/%E7%8C%AB.jpg' },
      { kind: 'file', path: join(root, 'photos', 'a.jpg') },
    ])
  })

  it('gives FILE_NOT_FOUND for a missing path, including a Windows-style one', async () => {
    const { errors, files } = await collect(['nope.jpg', 'C:\\photos\\x.jpg', 'photos/c.Png'])
    expect(errors.map((e) => e.code)).toEqual(['FILE_NOT_FOUND', 'FILE_NOT_FOUND'])
    expect(errors[0]?.message).toContain(join(root, 'nope.jpg'))
    expect(files).toEqual(['photos/c.Png'])
  })

  it('takes a named file whatever its extension (content decides later)', async () => {
    const { files } = await collect(['photos/notes.txt'])
    expect(files).toEqual(['photos/notes.txt'])
  })

  it('deduplicates the same file however it is spelled, and the same URL', async () => {
    const { files, results, counts } = await collect([
      'photos/a.jpg',
      join(root, 'photos', 'a.jpg'),
      'photos/sub/../a.jpg',
      'photos/alias.jpg',
      'photos',
      'https://example.com/x.png',
      'https://example.com/x.png',
    ])
    expect(files.filter((f) => f === 'photos/a.jpg')).toHaveLength(1)
    expect(files).not.toContain('photos/alias.jpg')
    expect(results.filter((r) => r.ok && r.source.kind === 'url')).toHaveLength(1)
    expect(counts.duplicates).toBe(6)
  })
})

describe('expandInputs: @list files', () => {
  it('reads one input per line, skipping comments and blanks, resolving paths against the list', async () => {
    const lists = join(root, 'lists')
    await mkdir(lists, { recursive: true })
    await writeFile(
      join(lists, 'list.txt'),
      [
        '\uFEFF# photos for review',
        '',
        '   ../photos/a.jpg   ',
        'https://example.com/one.png',
        '  # indented comment',
        'ftp://example.com/two.png',
        'missing.jpg',
        '../photos/sub/deep',
        '-',
        '@other.txt',
        '../photos/猫咪/照片 🐱.jpg',
      ].join('\r\n'),
    )
    const { results, files, errors } = await collect(['@lists/list.txt'])
    expect(files).toEqual(['photos/a.jpg', 'photos/sub/deep/d.webp', 'photos/猫咪/照片 🐱.jpg'])
    expect(results.filter((r) => r.ok && r.source.kind === 'url').map((r) => r.input)).toEqual([
      'https://example.com/one.png',
    ])
    expect(errors.map((e) => [e.code, e.input])).toEqual([
      ['UNSUPPORTED_INPUT', 'ftp://example.com/two.png'],
      ['FILE_NOT_FOUND', join(lists, 'missing.jpg')],
      ['UNSUPPORTED_INPUT', '-'],
      ['UNSUPPORTED_INPUT', join(lists, 'other.txt')],
    ])
    expect(errors[0]?.message).toContain(`line 6 of ${join(lists, 'list.txt')}`)
    expect(errors[1]?.message).toContain('line 7')
  })

  it('reports a missing list as FILE_NOT_FOUND, a folder given as a list as UNSUPPORTED_INPUT', async () => {
    const { errors, files } = await collect(['@nowhere.txt', '@photos', 'photos/a.jpg'])
    expect(errors.map((e) => [e.code, e.input])).toEqual([
      ['FILE_NOT_FOUND', '@nowhere.txt'],
      ['UNSUPPORTED_INPUT', '@photos'],
    ])
    expect(files).toEqual(['photos/a.jpg'])
  })
})

describe('expandInputs: stdin', () => {
  it('reads image bytes from stdin as one bytes source', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])
    const stdin = Readable.from([bytes.subarray(0, 3), bytes.subarray(3)])
    const { results, counts } = await collect(['-', 'photos/a.jpg'], { stdin })
    const first = results[0]
    expect(first?.ok && first.source.kind === 'bytes' && Buffer.from(first.source.bytes)).toEqual(
      bytes,
    )
    expect(first?.ok && first.source.kind === 'bytes' && first.source.name).toBe('stdin')
    expect(counts.bytes).toBe(1)
    expect(counts.files).toBe(1)
  })

  it('refuses empty stdin, a terminal, too many bytes, and a second "-"', async () => {
    const empty = await collect(['-', '-'], { stdin: Readable.from([]) })
    expect(empty.errors.map((e) => e.code)).toEqual(['FILE_EMPTY', 'UNSUPPORTED_INPUT'])
    const tty = Object.assign(Readable.from([Buffer.from('x')]), { isTTY: true })
    expect((await collect(['-'], { stdin: tty })).errors.map((e) => e.code)).toEqual([
      'UNSUPPORTED_INPUT',
    ])
    const big = Readable.from([Buffer.alloc(600), Buffer.alloc(600)])
    const tooBig = await collect(['-'], { stdin: big, maxStdinBytes: 1000 })
    expect(tooBig.errors.map((e) => e.code)).toEqual(['IMAGE_TOO_LARGE'])
  })
})

describe('expandInputs: links stay inside what the user chose', () => {
  let base = ''
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'gl-links-'))
    await touch(join(base, 'inbox', 'own.jpg'))
    await touch(join(base, 'inbox', 'sub', 'deep.png'))
    await touch(join(base, 'private', 'secret.jpg'))
    await touch(join(base, 'private', 'album', 'also-secret.jpg'))
    await touch(join(base, 'other', 'mine.jpg'))
  })
  afterAll(() => rm(base, { recursive: true, force: true }))

  /** A fresh folder holding `own.jpg` plus the links the test makes in it. */
  async function folderWith(name: string, links: Record<string, string>): Promise<string> {
    const dir = join(base, name)
    await touch(join(dir, 'own.jpg'))
    for (const [link, target] of Object.entries(links)) await symlink(target, join(dir, link))
    return dir
  }

  /** At most `cap` results, so a walk that escapes into the whole disk fails instead of hanging. */
  async function firstResults(inputs: string[], options: ExpandOptions = {}, cap = 50) {
    const expansion = expandInputs(inputs, options)
    const files: string[] = []
    for await (const r of expansion) {
      if (r.ok && r.source.kind === 'file') files.push(r.source.path)
      if (files.length >= cap) break
    }
    return { files, counts: expansion.counts }
  }

  it('a symlink to / inside a scanned folder: only the folder’s own images, the link skipped and counted', async () => {
    const dir = await folderWith('untrusted', { everything: '/' })
    const { files, counts } = await firstResults([dir])
    expect(files).toEqual([join(dir, 'own.jpg')])
    expect(counts.linksOutside).toBe(1)
  })

  it('skips links to a folder and to a file outside, even one named like an image', async () => {
    const dir = await folderWith('leaky', {
      album: join(base, 'private', 'album'),
      'nice.jpg': join(base, 'private', 'secret.jpg'),
      'passwd.jpg': '/etc/passwd',
    })
    const { files, counts } = await firstResults([dir])
    expect(files).toEqual([join(dir, 'own.jpg')])
    expect(counts.linksOutside).toBe(3)
  })

  it('a link pointing to another place inside the folder is followed once, with no duplicate', async () => {
    const dir = await folderWith('inside', {})
    await mkdir(join(dir, 'sub'))
    await touch(join(dir, 'sub', 'b.jpg'))
    await symlink(join(dir, 'sub'), join(dir, 'to-sub'))
    await symlink(join(dir, 'sub', 'b.jpg'), join(dir, 'alias-b.jpg'))
    const { files, counts } = await firstResults([dir])
    // b.jpg comes once, by whichever route reaches it first (here the link, listed in dir).
    const real = await Promise.all(files.map((f) => realpath(f)))
    const dirReal = await realpath(dir)
    expect(real.map((f) => relative(dirReal, f)).sort()).toEqual(['own.jpg', 'sub/b.jpg'])
    expect(counts.linksOutside).toBe(0)
    expect(counts.duplicates + counts.linksSkipped).toBe(2)
  })

  it('a link into another chosen input is followed, and its images come once', async () => {
    const dir = await folderWith('to-other', { theirs: join(base, 'other') })
    const { files, counts } = await firstResults([dir, join(base, 'other')])
    expect(files.map((f) => relative(base, f))).toEqual([
      'to-other/own.jpg',
      'to-other/theirs/mine.jpg',
    ])
    expect(counts.linksOutside).toBe(0)
  })

  it('a link loop neither hangs nor leaves the folder', async () => {
    const dir = await folderWith('loop', { up: '..' })
    await mkdir(join(dir, 'a'))
    await symlink(join(dir, 'b'), join(dir, 'a', 'to-b'))
    await symlink(join(dir, 'a'), join(dir, 'b'))
    await symlink('.', join(dir, 'a', 'self'))
    const { files, counts } = await firstResults([dir])
    expect(files).toEqual([join(dir, 'own.jpg')])
    // `up` leads to the folder's parent: outside. The rest loop inside and are walked once.
    expect(counts.linksOutside).toBe(1)
    expect(counts.linksSkipped).toBeGreaterThan(0)
  })

  it('a link given directly is the user’s choice: followed, and links inside it stay inside it', async () => {
    const direct = join(base, 'direct-link')
    await symlink(join(base, 'private'), direct)
    const file = join(base, 'direct-file.jpg')
    await symlink(join(base, 'inbox', 'own.jpg'), file)
    const { files, counts } = await firstResults([direct, file])
    expect(files.map((f) => relative(base, f))).toEqual([
      'direct-link/secret.jpg',
      'direct-link/album/also-secret.jpg',
      'direct-file.jpg',
    ])
    expect(counts.linksOutside).toBe(0)
  })

  it('followSymlinks follows links outside the folder', async () => {
    const dir = await folderWith('followed', { album: join(base, 'private', 'album') })
    const { files, counts } = await firstResults([dir], { followSymlinks: true })
    expect(files.map((f) => relative(dir, f))).toEqual(['own.jpg', 'album/also-secret.jpg'])
    expect(counts.linksOutside).toBe(0)
  })
})
