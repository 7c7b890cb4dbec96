import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'

const boundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  maximized: z.boolean(),
})
export type WindowBounds = z.infer<typeof boundsSchema>

/** What the desktop shell remembers between runs that is not a user setting. */
const desktopStateSchema = z.object({
  window: boundsSchema.nullable().catch(null),
  /** The "still watching in the tray" notice is shown once, ever. */
  backgroundNoticeShown: z.boolean().catch(false),
})
export type DesktopState = z.infer<typeof desktopStateSchema>

const EMPTY: DesktopState = { window: null, backgroundNoticeShown: false }

/**
 * A small JSON file in the userData folder. A missing, corrupt or foreign file reads as empty:
 * losing a window position must never stop the app from starting. Writes go through a temporary
 * file and a rename, so a crash mid-write leaves the old file whole.
 */
export class DesktopStateFile {
  private state: DesktopState = EMPTY
  /** Writes run one after another: two at once would race on the temporary file. */
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly path: string) {}

  async load(): Promise<DesktopState> {
    try {
      const parsed = desktopStateSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')))
      this.state = parsed.success ? parsed.data : EMPTY
    } catch {
      this.state = EMPTY
    }
    return this.state
  }

  get current(): DesktopState {
    return this.state
  }

  update(patch: Partial<DesktopState>): Promise<void> {
    this.state = { ...this.state, ...patch }
    const write = async () => {
      const temp = `${this.path}.tmp`
      await mkdir(dirname(this.path), { recursive: true })
      await writeFile(temp, JSON.stringify(this.state, null, 2))
      await rename(temp, this.path)
    }
    this.writing = this.writing.then(write, write)
    return this.writing
  }
}
