/**
 * Per-AccessKey sliding one-second window, counted in units (images for scans, requests for
 * feedback): docs/green-api.md §4.6 "50 images per second" and §10.6.
 */
export class QpsLimiter {
  private readonly windows = new Map<string, { at: number; units: number }[]>()

  constructor(
    private readonly limitPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes `units` if they fit in the last second's budget; a rejected call takes nothing. */
  tryTake(key: string, units: number): boolean {
    if (this.limitPerSecond <= 0) return true
    const now = this.now()
    const window = (this.windows.get(key) ?? []).filter((entry) => now - entry.at < 1000)
    const used = window.reduce((sum, entry) => sum + entry.units, 0)
    if (used + units > this.limitPerSecond) {
      this.windows.set(key, window)
      return false
    }
    window.push({ at: now, units })
    this.windows.set(key, window)
    return true
  }
}
