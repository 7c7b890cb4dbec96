import { z } from 'zod'
import { engineChoiceSchema } from './engine'
import { DEFAULT_LOCAL_THRESHOLDS, localThresholdsSchema } from './local-thresholds'
import { scanModeSchema } from './scan-mode'
import { sceneSchema } from './scene'

export const REGIONS = ['cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1'] as const
export const regionSchema = z.enum(REGIONS)
export type Region = z.infer<typeof regionSchema>

/**
 * User settings, stored in SQLite. Never holds a secret: credentials live in the OS keychain.
 * Defaults follow Green's documented quotas (docs/green-api.md §4.6: 50 images/s scan, 20/s feedback).
 */
export const settingsSchema = z.object({
  engine: engineChoiceSchema,
  scenes: z.array(sceneSchema).min(1),
  region: regionSchema,
  /** A custom Green endpoint (https, or http on loopback); null uses green.<region>.aliyuncs.com. */
  endpoint: z.url().nullable(),
  bizType: z.string().max(128).nullable(),
  concurrency: z.number().int().min(1).max(64),
  scanQps: z.number().min(0.1).max(10_000),
  feedbackQps: z.number().min(0.1).max(10_000),
  batchSize: z.number().int().min(1).max(100),
  notifyOnBlock: z.boolean(),
  language: z.enum(['en', 'zh-CN']),
  /** Green submission mode for new scans: sync (default) or async with polling. */
  scanMode: scanModeSchema,
  /**
   * Frame sampling for animated GIFs and long images (Green's `interval`/`maxFrames`, docs/green-api.md
   * §3.1): one frame every `interval`, at most `maxFrames`. Green's own default judges only the
   * first frame, which lets a GIF hide anything after it; the local engine samples the same way.
   */
  frameHints: z.object({
    interval: z.number().int().min(1).max(100),
    maxFrames: z.number().int().min(1).max(100),
  }),
  /** Cut-offs that turn the local model's scores into suggestions (why: local-thresholds.ts). */
  localThresholds: localThresholdsSchema,
  /** The desktop app starts when the user logs in (the OS login items); off until they ask. */
  openAtLogin: z.boolean(),
  /** A Green batch of this many billable units or more asks before it is queued (cost/). */
  costPromptUnits: z.number().int().min(0).max(100_000_000),
  /**
   * Follow symlinks in scanned and watched folders even where they lead outside the folder. Off:
   * a link to `/` in an untrusted folder would otherwise send the whole disk to the cloud.
   */
  followSymlinks: z.boolean(),
  /**
   * The reviewer's wellbeing: review and block images are shown blurred (and greyed) until
   * revealed, as Mastodon and Discourse do with sensitive media; `blurPass` veils passes too.
   */
  wellbeing: z.enum(['off', 'blur', 'blur-grey']),
  blurPass: z.boolean(),
  /**
   * How long a reviewer's decision waits in the outbox before it is sent to Green, so it can be
   * undone (docs/architecture.md §4, "Decisions and the outbox"). 0 sends at once.
   */
  feedbackGraceSeconds: z.number().min(0).max(600),
})
export type Settings = z.infer<typeof settingsSchema>

export const DEFAULT_SETTINGS: Settings = {
  engine: 'auto',
  scenes: ['porn', 'terrorism', 'ad', 'qrcode'],
  region: 'cn-shanghai',
  endpoint: null,
  bizType: null,
  // Measured with bench:scan (QPS 50, 100 ms round trip, 500 local images), pacing at the request:
  // batch 10 x 4 in flight 45.9-46.0 images/s, 5 x 8 45.1-45.2, 25 x 4 ~43, 50 x 2 ~44.5, no
  // 588s. (5 x 8 won while tokens were taken before the uploads: shorter uploads, less jitter.)
  concurrency: 4,
  scanQps: 50,
  feedbackQps: 20,
  batchSize: 10,
  notifyOnBlock: true,
  language: 'en',
  scanMode: 'sync',
  // Green: frames 1..5 (raise interval for long GIFs); local: 5 frames spread over the animation.
  // Five frames bound the cost of one GIF while no longer trusting its first frame alone.
  frameHints: { interval: 1, maxFrames: 5 },
  localThresholds: DEFAULT_LOCAL_THRESHOLDS,
  openAtLogin: false,
  costPromptUnits: 1_000,
  followSymlinks: false,
  wellbeing: 'blur-grey',
  blurPass: false,
  // Azure's review tool gives 5 s to undo a submitted page: long enough to catch a slip.
  feedbackGraceSeconds: 5,
}

export const settingsPatchSchema = settingsSchema.partial().strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>
