/**
 * The live progress line of `greenlight scan` on a terminal: done/total, rate, ETA, failures.
 * Redrawn in place on stderr at most a few times a second; cleared before anything else is
 * printed so item lines never land in the middle of it.
 */
export class ScanProgress {
  private done = 0
  private failed = 0
  private lastDraw = 0
  private drawn = false
  private readonly startedAt: number

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now()
  }

  /** One item reached a final state. */
  count(ok: boolean): void {
    if (ok) this.done++
    else this.failed++
  }

  /** Erases the line (call before writing anything else to the terminal). */
  clear(): void {
    if (!this.drawn) return
    this.stream.write('\r\x1b[K')
    this.drawn = false
  }

  draw(force = false): void {
    const now = this.now()
    if (!force && now - this.lastDraw < 200) return
    this.lastDraw = now
    this.stream.write(
      `\r\x1b[K${formatProgress(this.done, this.failed, this.total, now - this.startedAt)}`,
    )
    this.drawn = true
  }
}

/** `12/40 done · 3.1/s · ETA 9s · 1 failed`: what the line says, also used in tests. */
export function formatProgress(
  done: number,
  failed: number,
  total: number,
  elapsedMs: number,
): string {
  const finished = done + failed
  const rate = elapsedMs > 0 ? (finished * 1000) / elapsedMs : 0
  const left = Math.max(0, total - finished)
  const eta = rate > 0 ? formatSeconds(left / rate) : '?'
  return `${String(finished)}/${String(total)} · ${rate.toFixed(1)}/s · ETA ${eta} · ${String(failed)} failed`
}

function formatSeconds(seconds: number): string {
  const s = Math.ceil(seconds)
  if (s < 60) return `${String(s)}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${String(m)}m${String(s % 60).padStart(2, '0')}s`
  return `${String(Math.floor(m / 60))}h${String(m % 60).padStart(2, '0')}m`
}
