import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { appError, type AppError } from '../../../src-shared/result'
import { hasImageExtension } from '../media/image-format'
import { pathError } from './fs-errors'

export type WalkEvent =
  /** `key` is the file's real path: two routes to one file share it. */
  | { readonly type: 'image'; readonly path: string; readonly key: string }
  | { readonly type: 'error'; readonly path: string; readonly error: AppError }
  /** Not an image by extension, or hidden (`.DS_Store`, macOS `._x.jpg` shadow files). */
  | { readonly type: 'skipped'; readonly path: string }
  /** A linked folder already walked (a loop, or a second route to it): not walked again. */
  | { readonly type: 'link-skipped'; readonly path: string }
  /** A link whose target lies outside what the user chose: not followed unless asked. */
  | { readonly type: 'link-outside'; readonly path: string; readonly target: string }

export interface WalkOptions {
  readonly signal?: AbortSignal
  /**
   * Whether a link's real target outside the root still lies inside what the user chose: another
   * input, or the watched folder when a subfolder of it is walked. Asked only for such links.
   */
  readonly chosen?: (real: string) => Promise<boolean>
  /** Follow links wherever they lead (`--follow-symlinks`, the followSymlinks setting). */
  readonly followOutside?: boolean
}

interface Folder {
  readonly path: string
  readonly real: string
}

const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/**
 * Walks a folder for images: recursive, extensions jpg jpeg png bmp gif webp in any case, in name
 * order within each folder, one folder listing at a time so results flow at once. Symlinks are
 * followed only into the root (after realpath) or `chosen`, unless `followOutside`: a link to `/`
 * in an untrusted folder must not send the whole disk to the cloud. The root itself may be a link
 * (the user named it). Each real folder is walked once across the whole expansion (`visited`), so
 * a link to an ancestor neither hangs nor yields duplicates. Errors are per folder; the walk goes on.
 */
export async function* walkFolder(
  root: string,
  visited: Set<string>,
  options: WalkOptions = {},
): AsyncGenerator<WalkEvent> {
  const signal = options.signal
  let rootReal: string
  try {
    rootReal = await realpath(root)
  } catch (error) {
    yield { type: 'error', path: root, error: pathError(error, root, 'folder') }
    return
  }
  if (visited.has(rootReal)) {
    yield { type: 'link-skipped', path: root }
    return
  }
  visited.add(rootReal)
  const allowed = new Set([rootReal])
  const follows = async (real: string) =>
    options.followOutside === true ||
    isWithin(real, allowed) ||
    (options.chosen !== undefined && (await options.chosen(real)))
  const stack: Folder[] = [{ path: root, real: rootReal }]
  while (stack.length > 0) {
    if (signal?.aborted === true) return
    const folder = stack.pop()
    if (folder === undefined) break
    let entries: Dirent[]
    try {
      entries = await readdir(folder.path, { withFileTypes: true })
    } catch (error) {
      yield { type: 'error', path: folder.path, error: pathError(error, folder.path, 'folder') }
      continue
    }
    entries.sort(byName)
    const subfolders: Folder[] = []
    const links: Dirent[] = []
    for (const entry of entries) {
      const path = join(folder.path, entry.name)
      if (entry.name.startsWith('.')) {
        yield { type: 'skipped', path }
      } else if (entry.isDirectory()) {
        const real = join(folder.real, entry.name)
        if (!visited.has(real)) {
          visited.add(real)
          subfolders.push({ path, real })
        }
      } else if (entry.isFile()) {
        if (hasImageExtension(entry.name)) {
          yield { type: 'image', path, key: join(folder.real, entry.name) }
        } else {
          yield { type: 'skipped', path }
        }
      } else if (entry.isSymbolicLink()) {
        links.push(entry)
      } else {
        yield { type: 'skipped', path }
      }
    }
    // Links after the real entries, so a file or folder reachable both ways keeps its real path.
    for (const link of links) {
      const event = await followLink(join(folder.path, link.name), link.name, visited, follows)
      if ('folder' in event) subfolders.push(event.folder)
      else yield event
    }
    // Reversed onto the stack so subfolders are walked in name order, depth first.
    for (let i = subfolders.length - 1; i >= 0; i--) {
      const sub = subfolders[i]
      if (sub) stack.push(sub)
    }
  }
}

async function followLink(
  path: string,
  name: string,
  visited: Set<string>,
  follows: (real: string) => Promise<boolean>,
): Promise<WalkEvent | { readonly folder: Folder }> {
  let real: string
  let isFolder: boolean
  try {
    real = await realpath(path)
    const info = await stat(real)
    isFolder = info.isDirectory()
    if (!isFolder && !info.isFile()) return { type: 'skipped', path }
  } catch (error) {
    // A broken link is worth reporting only where an image was expected.
    if (!hasImageExtension(name)) return { type: 'skipped', path }
    const code = (error as { code?: unknown }).code
    if (code === 'ENOENT') {
      return {
        type: 'error',
        path,
        error: appError(
          'FILE_NOT_FOUND',
          `${path} is a link to a file that no longer exists. Fix or remove the link.`,
          false,
          { reason: 'missing', path },
        ),
      }
    }
    return { type: 'error', path, error: pathError(error, path, 'file') }
  }
  // Checked before the extension: a link to /etc/passwd named x.jpg is still outside.
  if (!(await follows(real))) return { type: 'link-outside', path, target: real }
  if (isFolder) {
    if (visited.has(real)) return { type: 'link-skipped', path }
    visited.add(real)
    return { folder: { path, real } }
  }
  return hasImageExtension(name) ? { type: 'image', path, key: real } : { type: 'skipped', path }
}

/** True when `real` is one of `bases` or lies under one (real, absolute paths): O(depth). */
export function isWithin(real: string, bases: ReadonlySet<string>): boolean {
  for (let path = real; ; path = dirname(path)) {
    if (bases.has(path)) return true
    if (dirname(path) === path) return false
  }
}
