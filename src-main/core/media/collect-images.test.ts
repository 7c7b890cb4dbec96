import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectImageInputs } from './collect-images'

const dir = await mkdtemp(join(tmpdir(), 'gl-collect-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('collectImageInputs', () => {
  it('walks folders recursively for image extensions, case-insensitively, skipping hidden entries', async () => {
    const root = join(dir, 'photos')
    await mkdir(join(root, 'sub', 'deeper'), { recursive: true })
    await mkdir(join(root, '.thumbs'))
    for (const name of [
      'b.JPG',
      'a.png',
      'notes.txt',
      '.DS_Store',
      '._a.jpg',
      'sub/c.jpeg',
      'sub/deeper/d.WebP',
      'sub/e.bmp',
      'sub/f.gif',
      '.thumbs/t.jpg',
    ]) {
      await writeFile(join(root, name), 'x')
    }
    await symlink(root, join(root, 'sub', 'loop'))
    expect(await collectImageInputs([root])).toEqual([
      join(root, 'a.png'),
      join(root, 'b.JPG'),
      join(root, 'sub', 'c.jpeg'),
      join(root, 'sub', 'deeper', 'd.WebP'),
      join(root, 'sub', 'e.bmp'),
      join(root, 'sub', 'f.gif'),
    ])
  })

  it('keeps named files, URLs and missing paths, resolves relative paths, and drops duplicates', async () => {
    await writeFile(join(dir, 'one.txt'), 'x')
    expect(
      await collectImageInputs(
        ['one.txt', 'https://example.com/a.jpg', 'missing.jpg', join(dir, 'one.txt')],
        dir,
      ),
    ).toEqual([join(dir, 'one.txt'), 'https://example.com/a.jpg', join(dir, 'missing.jpg')])
  })

  it('reads @list files, one input per line, ignoring blanks and comments', async () => {
    await mkdir(join(dir, 'listed'))
    await writeFile(join(dir, 'listed', 'x.jpg'), 'x')
    await writeFile(
      join(dir, 'list.txt'),
      `# my list\n${join(dir, 'listed')}\n\nhttp://example.com/b.png\r\n`,
    )
    expect(await collectImageInputs(['@list.txt'], dir)).toEqual([
      join(dir, 'listed', 'x.jpg'),
      'http://example.com/b.png',
    ])
  })
})
