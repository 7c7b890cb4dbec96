import { readdir, readFile, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { hasImageExtension } from './image-format'

/**
 * Turns what a user typed (files, folders, http(s) URLs, `@list.txt`) into the list of images to
 * scan. Folders are walked recursively for image extensions (case-insensitive); hidden entries are
 * skipped (`.DS_Store`, macOS `._x.jpg` shadow files are not photos). A named file is taken as
 * is, whatever its extension, and a missing path is kept so it fails visibly as FILE_NOT_FOUND
 * instead of vanishing. Order is stable (inputs in order, folder entries sorted), no duplicates.
 */
export async function collectImageInputs(
  inputs: readonly string[],
  cwd: string = process.cwd(),
): Promise<string[]> {
  const out: string[] = []
  const seen = new Set<string>()
  const add = (entry: string) => {
    if (!seen.has(entry)) {
      seen.add(entry)
      out.push(entry)
    }
  }

  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      // Symlinked folders are not followed: a link back up the tree would never end.
      if (entry.isDirectory()) await walk(path)
      else if ((entry.isFile() || entry.isSymbolicLink()) && hasImageExtension(entry.name))
        add(path)
    }
  }

  async function one(input: string, fromList: boolean): Promise<void> {
    const trimmed = input.trim()
    if (trimmed === '') return
    if (/^https?:\/\//i.test(trimmed)) {
      add(trimmed)
      return
    }
    if (trimmed.startsWith('@') && !fromList) {
      const listPath = resolve(cwd, trimmed.slice(1))
      const lines = (await readFile(listPath, 'utf8')).split(/\r?\n/)
      for (const line of lines) if (!line.trim().startsWith('#')) await one(line, true)
      return
    }
    const path = isAbsolute(input) ? input : resolve(cwd, input)
    const info = await stat(path).catch(() => null)
    if (info?.isDirectory()) await walk(path)
    else add(path)
  }

  for (const input of inputs) await one(input, false)
  return out
}
