import type { Stats } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import { STDIN_FOLDER } from '../inputs/stdin-bytes'

/**
 * Greenlight's own files in its data folder: every name starting with `greenlight` at its top
 * (the database, its -wal/-shm/-journal, the lock and its owner file, a database moved aside) and
 * everything in the folders it keeps there. Case-insensitive, for macOS and Windows.
 */
const OWN_NAME = /^greenlight/i
const OWN_FOLDERS: ReadonlySet<string> = new Set([
  'thumbs',
  'previews',
  'logs',
  'tmp',
  STDIN_FOLDER,
])

/**
 * Checks that an export may be written to `file`: never over one of the data folder's own files.
 * Paths are compared as the file system resolves them (real paths, folders by device and inode),
 * so a symlink, a `..`, another spelling of the folder or a differently cased name cannot sneak
 * past. Returns the absolute path to write to. A path whose folder does not exist passes: the
 * write itself then fails with a clear FILE_UNWRITABLE.
 */
export async function checkExportTarget(file: string, dataDir: string): Promise<Result<string>> {
  const target = resolve(file)
  const data = await statOrNull(dataDir)
  if (data === null) return ok(target)
  // Where the rename would land: the real folder, plus the name as given.
  const folder = await realpathOrNull(dirname(target))
  if (folder !== null && (await isOwnFile(folder, basename(target), data))) {
    return err(refusal(target, dataDir))
  }
  // An existing symlink named as the target: refused if it points at one of our files.
  const linked = await realpathOrNull(target)
  if (linked !== null && (await isOwnFile(dirname(linked), basename(linked), data))) {
    return err(refusal(target, dataDir))
  }
  return ok(target)
}

async function isOwnFile(realFolder: string, name: string, data: Stats): Promise<boolean> {
  const top = await topEntryBelow(realFolder, data)
  if (top === null) return false
  const entry = (top === '' ? name : top).toLowerCase()
  return OWN_NAME.test(entry) || (top !== '' && OWN_FOLDERS.has(entry))
}

/**
 * The name of the data folder's entry that `folder` is in ('' for the data folder itself), or
 * null when `folder` is outside it. Folders are matched by device and inode, not by spelling.
 */
async function topEntryBelow(folder: string, data: Stats): Promise<string | null> {
  let top = ''
  for (let dir = folder; ; dir = dirname(dir)) {
    const info = await statOrNull(dir)
    if (info !== null && info.dev === data.dev && info.ino === data.ino) return top
    if (dirname(dir) === dir) return null
    top = basename(dir)
  }
}

function refusal(target: string, dataDir: string) {
  return appError(
    'EXPORT_TARGET_PROTECTED',
    `Refused to write ${target}: it is one of Greenlight's own files (its database, logs or thumbnails in ${dataDir}), and writing there would destroy them. Choose a file outside that folder.`,
    false,
    { file: target, folder: dataDir },
  )
}

async function statOrNull(path: string): Promise<Stats | null> {
  return stat(path).catch(() => null)
}

async function realpathOrNull(path: string): Promise<string | null> {
  return realpath(path).catch(() => null)
}
