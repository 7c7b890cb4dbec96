import { realpath, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { appError, type AppError } from '../../../src-shared/result'
import { parseRawInput, type RawInput } from './classify-input'
import { pathError } from './fs-errors'
import type { ExpandedInput, ImageSource } from './image-source'
import { readListFile } from './read-list-file'
import { readStdinBytes, type ByteStream } from './read-stdin'
import { isWithin, walkFolder } from './walk-folder'

export interface ExpandOptions {
  /** Relative paths on the command line resolve against this. Default: process.cwd(). */
  readonly cwd?: string
  /** Where `-` reads image bytes from. Default: process.stdin. */
  readonly stdin?: ByteStream
  readonly maxStdinBytes?: number
  /** Stops the expansion between results; what was yielded stays yielded. */
  readonly signal?: AbortSignal
  /** Follow links in folders even where they lead outside every chosen input. */
  readonly followSymlinks?: boolean
}

/** Live counts, final once iteration ends. */
export interface ExpandCounts {
  files: number
  urls: number
  bytes: number
  /** Inputs (or parts of them: a folder, a list line) that failed alone. */
  errors: number
  /** Files in folders that are not images by extension, or are hidden. */
  skipped: number
  /** The same file or URL reached twice: yielded once. */
  duplicates: number
  /** Linked folders not walked again (loops, or a second route to a folder). */
  linksSkipped: number
  /** Links in folders leading outside every chosen input: not followed (followSymlinks). */
  linksOutside: number
}

/** The name stored for bytes read from stdin. */
export const STDIN_NAME = 'stdin'

/**
 * Expands raw inputs into image sources, streaming: files; folders (recursive, image extensions,
 * symlinks followed once and only into a chosen input unless `followSymlinks`, loops detected); http(s) URLs; `@list.txt`; `-` for stdin bytes. A bad
 * input yields an error of its own and the rest go on; nothing here throws. Identical files
 * (by real path) and identical URLs are yielded once.
 *
 * A file named explicitly is taken whatever its extension (content sniffing decides later); only
 * folder walks filter by extension.
 */
export function expandInputs(
  inputs: readonly string[],
  options: ExpandOptions = {},
): InputExpansion {
  return new InputExpansion(inputs, options)
}

export class InputExpansion implements AsyncIterable<ExpandedInput> {
  readonly counts: ExpandCounts = {
    files: 0,
    urls: 0,
    bytes: 0,
    errors: 0,
    skipped: 0,
    duplicates: 0,
    linksSkipped: 0,
    linksOutside: 0,
  }
  private readonly seen = new Set<string>()
  private readonly visitedFolders = new Set<string>()
  /** Real paths of the inputs named: links in a folder may lead into any of them (chosen()). */
  private named: Promise<Set<string>> | null = null
  /** Real paths of the folders named in lists, as their lines are read. */
  private readonly listed = new Set<string>()
  private stdinUsed = false
  private started = false

  constructor(
    private readonly inputs: readonly string[],
    private readonly options: ExpandOptions,
  ) {}

  /** One pass only: inputs such as stdin cannot be read twice. */
  [Symbol.asyncIterator](): AsyncIterator<ExpandedInput> {
    if (this.started) throw new Error('An input expansion can be iterated only once.')
    this.started = true
    return this.run()
  }

  private get aborted(): boolean {
    return this.options.signal?.aborted === true
  }

  private async *run(): AsyncGenerator<ExpandedInput> {
    const cwd = this.options.cwd ?? process.cwd()
    for (const input of this.inputs) {
      if (this.aborted) return
      const raw = parseRawInput(input, cwd)
      if (raw.kind === 'list') yield* this.expandList(input, raw.path)
      else yield* this.expandOne(input, raw, '')
    }
  }

  private async *expandOne(
    input: string,
    raw: RawInput,
    where: string,
  ): AsyncGenerator<ExpandedInput> {
    switch (raw.kind) {
      case 'unsupported':
        yield this.failed(
          input,
          appError('UNSUPPORTED_INPUT', `${raw.reason}${where}`, false, {
            reason: 'input',
            path: input,
            detail: raw.reason,
          }),
        )
        return
      case 'url':
        if (this.isDuplicate(`url:${raw.url}`)) return
        this.counts.urls++
        yield this.found(raw.url, { kind: 'url', url: raw.url })
        return
      case 'stdin':
        yield await this.readStdin(input)
        return
      case 'list':
        // Nested lists could loop; one level keeps lists simple and finite.
        yield this.failed(
          raw.path,
          appError(
            'UNSUPPORTED_INPUT',
            `A list cannot include another list${where}. Put that list on the command line.`,
            false,
            { reason: 'input', path: raw.path, detail: 'a list cannot include another list' },
          ),
        )
        return
      case 'path':
        yield* this.expandPath(raw.path, where)
        return
    }
  }

  /**
   * Whether a link's target outside its folder lies inside another chosen input. Resolved on the
   * first such link only, many at a time: a drop of 100,000 paths pays nothing when no link
   * leads out of its folder.
   */
  private async chosen(real: string): Promise<boolean> {
    this.named ??= realPaths(
      this.inputs.flatMap((input) => {
        const raw = parseRawInput(input, this.options.cwd ?? process.cwd())
        return raw.kind === 'path' ? [raw.path] : []
      }),
    )
    return isWithin(real, this.listed) || isWithin(real, await this.named)
  }

  private async *expandPath(path: string, where: string): AsyncGenerator<ExpandedInput> {
    let isFolder: boolean
    let key: string
    try {
      const info = await stat(path)
      isFolder = info.isDirectory()
      if (!isFolder && !info.isFile()) {
        yield this.failed(
          path,
          appError(
            'UNSUPPORTED_INPUT',
            `${path} is not a regular file or folder${where}. Give an image file or a folder.`,
            false,
            { reason: 'not-regular', name: path },
          ),
        )
        return
      }
      key = await realpath(path)
    } catch (error) {
      yield this.failed(path, withWhere(pathError(error, path, 'file'), where))
      return
    }
    if (!isFolder) {
      if (this.isDuplicate(`file:${key}`)) return
      this.counts.files++
      yield this.found(path, { kind: 'file', path })
      return
    }
    // A folder named in a list is chosen too, from the moment its line is read.
    if (where !== '') this.listed.add(key)
    const walk = walkFolder(path, this.visitedFolders, {
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      chosen: (real) => this.chosen(real),
      followOutside: this.options.followSymlinks === true,
    })
    for await (const event of walk) {
      switch (event.type) {
        case 'image':
          if (this.isDuplicate(`file:${event.key}`)) break
          this.counts.files++
          yield this.found(event.path, { kind: 'file', path: event.path })
          break
        case 'error':
          yield this.failed(event.path, withWhere(event.error, where))
          break
        case 'skipped':
          this.counts.skipped++
          break
        case 'link-skipped':
          this.counts.linksSkipped++
          break
        case 'link-outside':
          this.counts.linksOutside++
          break
      }
      if (this.aborted) return
    }
  }

  private async *expandList(input: string, listPath: string): AsyncGenerator<ExpandedInput> {
    const folder = dirname(listPath)
    try {
      for await (const line of readListFile(listPath)) {
        if (this.aborted) return
        const where = ` (line ${line.lineNumber} of ${listPath})`
        const raw = parseRawInput(line.text, folder)
        if (raw.kind === 'stdin') {
          yield this.failed(
            line.text,
            appError(
              'UNSUPPORTED_INPUT',
              `"-" (stdin) works only on the command line${where}.`,
              false,
              { reason: 'stdin-here' },
            ),
          )
        } else {
          yield* this.expandOne(line.text, raw, where)
        }
      }
    } catch (error) {
      yield this.failed(input, pathError(error, listPath, 'list'))
    }
  }

  private async readStdin(input: string): Promise<ExpandedInput> {
    if (this.stdinUsed) {
      return this.failed(
        input,
        appError('UNSUPPORTED_INPUT', 'stdin (-) can be given only once.', false, {
          reason: 'stdin-twice',
        }),
      )
    }
    this.stdinUsed = true
    const read = await readStdinBytes(
      this.options.stdin ?? process.stdin,
      this.options.maxStdinBytes,
    )
    if (!read.ok) return this.failed(input, read.error)
    this.counts.bytes++
    return this.found(input, { kind: 'bytes', bytes: read.value, name: STDIN_NAME })
  }

  private isDuplicate(key: string): boolean {
    if (this.seen.has(key)) {
      this.counts.duplicates++
      return true
    }
    this.seen.add(key)
    return false
  }

  private found(input: string, source: ImageSource): ExpandedInput {
    return { ok: true, input, source }
  }

  private failed(input: string, error: AppError): ExpandedInput {
    this.counts.errors++
    return { ok: false, input, error }
  }
}

/** Real paths of existing paths (the rest left out), resolved a batch at a time. */
async function realPaths(paths: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>()
  for (let i = 0; i < paths.length; i += 256) {
    const batch = paths.slice(i, i + 256).map((path) => realpath(path).catch(() => null))
    for (const real of await Promise.all(batch)) if (real !== null) out.add(real)
  }
  return out
}

function withWhere(error: AppError, where: string): AppError {
  return where === '' ? error : { ...error, message: `${error.message}${where}` }
}
