import type { Progress } from '../../../src-shared/domain'

/** When the settled count was seen, so a rate can be taken over the recent past. */
export interface PaceSample {
  readonly at: number
  readonly settled: number
}

/** The rate is taken over this much of the recent past: long enough to smooth batches out. */
const WINDOW_MS = 20_000

/** Images that need no more work from this queue: done, failed or cancelled. */
export function settledOf(progress: Progress): number {
  return progress.done + progress.failed + progress.cancelled
}

/** Images still to be judged by this queue (those another Greenlight holds are not counted). */
export function remainingOf(progress: Progress): number {
  return progress.queued + progress.running - (progress.elsewhere ?? 0)
}

/** The samples to keep after `sample`: the recent window, and none from a previous batch. */
export function addSample(
  samples: readonly PaceSample[],
  sample: PaceSample,
  windowMs = WINDOW_MS,
): PaceSample[] {
  const last = samples.at(-1)
  // Fewer settled than before: the queue was cleared or restarted, so the old pace is void.
  if (last && sample.settled < last.settled) return [sample]
  return [...samples.filter((s) => s.at >= sample.at - windowMs), sample]
}

export interface Pace {
  readonly perSecond: number
  readonly secondsLeft: number
}

/** Images per second over the samples, and the time the rest take at that pace; null if unknown. */
export function paceOf(samples: readonly PaceSample[], remaining: number): Pace | null {
  const first = samples[0]
  const last = samples.at(-1)
  if (!first || !last || last.at - first.at < 1000 || last.settled <= first.settled) return null
  const perSecond = ((last.settled - first.settled) * 1000) / (last.at - first.at)
  return { perSecond, secondsLeft: Math.ceil(remaining / perSecond) }
}

/** What a screen reader hears, and when it last heard it. */
export interface Announcement {
  readonly text: string
  readonly at: number
}

/**
 * The next thing to announce: progress at most every `everyMs` (a screen reader reading each
 * tick is noise), the end of a batch at once; null to stay quiet.
 */
export function nextAnnouncement(
  last: Announcement | null,
  text: string,
  now: number,
  batchEnded: boolean,
  everyMs = 10_000,
): Announcement | null {
  if (last?.text === text) return null
  if (batchEnded || last === null || now - last.at >= everyMs) return { text, at: now }
  return null
}

type Words = (
  key: 'time.seconds' | 'time.minutes' | 'time.hours',
  values: Record<string, number>,
) => string

/** "45 s", "3 min", "1 h 20 min" (and the same in Chinese): time left, rounded as people say it. */
export function durationText(seconds: number, t: Words): string {
  if (seconds < 60) return t('time.seconds', { n: Math.max(1, Math.round(seconds)) })
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return t('time.minutes', { n: minutes })
  return t('time.hours', { h: Math.floor(minutes / 60), m: minutes % 60 })
}
