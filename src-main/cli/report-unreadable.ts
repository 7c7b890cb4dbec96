import type { CliContext } from './cli-context'

/** Stored rows that could not be read were left out (the log says why): say how many, and which. */
export function reportUnreadable(ctx: CliContext, ids: readonly number[]): void {
  if (ids.length === 0) return
  const rows = ids.length === 1 ? 'row' : 'rows'
  ctx.stderr.write(
    `${String(ids.length)} unreadable ${rows} skipped (item id ${ids.join(', ')}); the log has the details.\n`,
  )
}
