import {
  SCENES,
  type EngineId,
  type ItemFeedback,
  type Scene,
  type SceneCorrection,
} from '../../../../src-shared/domain'
import type { FeedbackStore, StoredCorrection } from '../ports/feedback-store'
import type { Database } from './database'

interface FeedbackRow {
  scene: Scene
  suggestion: SceneCorrection['suggestion']
  label: string | null
  note: string | null
  sent_to: ItemFeedback['sentTo']
  created_at: number
}

/**
 * Reviewer corrections remembered per image (migration 5): the subject is the image's sha256, or
 * its URL for URL items (never downloaded, so never hashed), per engine and scene. A later
 * correction of the same scene replaces the earlier one, so every later scan of the same image,
 * under any file name, comes back corrected (`lookup`).
 */
export class FeedbackRepo implements FeedbackStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores `corrections` (latest per scene wins) and returns the image's merged feedback. */
  async upsert(
    subject: string,
    engine: EngineId,
    corrections: readonly StoredCorrection[],
    note: string | null,
    at: number = this.now(),
  ): Promise<ItemFeedback | null> {
    if (corrections.length > 0) {
      await this.db.write(async () => {
        for (const c of corrections) {
          await this.db.run(
            `INSERT INTO feedback (subject, engine, scene, suggestion, label, note, sent_to, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (subject, engine, scene) DO UPDATE SET
               suggestion = excluded.suggestion, label = excluded.label, note = excluded.note,
               sent_to = excluded.sent_to, created_at = excluded.created_at,
               decision_id = NULL`,
            [subject, engine, c.scene, c.suggestion, c.label, note, c.sentTo, at],
          )
        }
      })
    }
    return this.lookup(subject, engine)
  }

  /**
   * The image's feedback as one ItemFeedback: every corrected scene (canonical order); note and
   * time from the latest correction. `sentTo` is `green` once any correction reached Green: its
   * feedback library then knows the image, even if a later correction of a scene Green does not
   * take (qrcode, say) was kept locally.
   */
  async lookup(subject: string, engine: EngineId): Promise<ItemFeedback | null> {
    const rows = await this.db.all<FeedbackRow>(
      `SELECT scene, suggestion, label, note, sent_to, created_at FROM feedback
       WHERE subject = ? AND engine = ?`,
      [subject, engine],
    )
    const latest = rows.reduce<FeedbackRow | undefined>(
      (best, row) => (best === undefined || row.created_at > best.created_at ? row : best),
      undefined,
    )
    if (latest === undefined) return null
    const order = (scene: Scene) => SCENES.indexOf(scene)
    return {
      corrections: rows
        .sort((a, b) => order(a.scene) - order(b.scene))
        .map((row) => ({ scene: row.scene, suggestion: row.suggestion, label: row.label })),
      note: latest.note,
      at: latest.created_at,
      sentTo: rows.some((row) => row.sent_to === 'green') ? 'green' : 'local',
    }
  }
}
