import type { DecisionState, EngineId, Scene } from '../../../../src-shared/domain'
import type {
  DecisionOutbox,
  NewDecision,
  StoredDecision,
  UndoResult,
} from '../ports/decision-outbox'
import type { Database } from './database'
import { FeedbackRepo } from './feedback-repo'

interface DecisionRow {
  id: number
  suggestion: StoredDecision['suggestion']
  label: string | null
  note: string | null
  created_at: number
  due_at: number
  state: DecisionState
}

interface ImageRow {
  decision_id: number
  subject: string
  engine: EngineId
  item_ids: string
  scenes: string
  previous: string
  sent_at: number | null
}

/** A feedback row as it was before a decision replaced it (null: the scene had no correction). */
interface PriorRow {
  scene: Scene
  row: {
    suggestion: string
    label: string | null
    note: string | null
    sent_to: string
    created_at: number
    decision_id: number | null
  } | null
}

const COLUMNS = 'id, suggestion, label, note, created_at, due_at, state'

/**
 * The decision outbox over SQLite (migration 11; docs/architecture.md §4, "Decisions and the
 * outbox"). Every change is one write transaction, so a decision and its corrections, or an
 * undo and its restore, land together or not at all, and two processes never both claim one.
 */
export class DecisionOutboxRepo implements DecisionOutbox {
  private readonly feedback: FeedbackRepo

  constructor(private readonly db: Database) {
    this.feedback = new FeedbackRepo(db)
  }

  async record(decision: NewDecision): Promise<StoredDecision> {
    const id = await this.db.write(async () => {
      const { lastId } = await this.db.run(
        `INSERT INTO decisions (suggestion, label, note, created_at, due_at, state)
         VALUES (?, ?, ?, ?, ?, 'pending')`,
        [decision.suggestion, decision.label, decision.note, decision.at, decision.dueAt],
      )
      for (const image of decision.images) {
        const previous: PriorRow[] = []
        for (const scene of image.scenes) {
          const row = await this.db.get<NonNullable<PriorRow['row']>>(
            `SELECT suggestion, label, note, sent_to, created_at, decision_id FROM feedback
             WHERE subject = ? AND engine = ? AND scene = ?`,
            [image.subject, image.engine, scene],
          )
          previous.push({ scene, row: row ?? null })
          await this.db.run(
            `INSERT INTO feedback
               (subject, engine, scene, suggestion, label, note, sent_to, created_at, decision_id)
             VALUES (?, ?, ?, ?, ?, ?, 'local', ?, ?)
             ON CONFLICT (subject, engine, scene) DO UPDATE SET
               suggestion = excluded.suggestion, label = excluded.label, note = excluded.note,
               sent_to = excluded.sent_to, created_at = excluded.created_at,
               decision_id = excluded.decision_id`,
            [
              image.subject,
              image.engine,
              scene,
              decision.suggestion,
              decision.label,
              decision.note,
              decision.at,
              lastId,
            ],
          )
        }
        await this.db.run(
          `INSERT INTO decision_images (decision_id, subject, engine, item_ids, scenes, previous)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [
            lastId,
            image.subject,
            image.engine,
            JSON.stringify(image.itemIds),
            JSON.stringify(image.scenes),
            JSON.stringify(previous),
          ],
        )
      }
      return lastId
    })
    const stored = await this.get(id)
    if (stored === null) throw new Error(`decision ${String(id)} vanished as it was stored`)
    return stored
  }

  async get(id: number): Promise<StoredDecision | null> {
    const row = await this.db.get<DecisionRow>(`SELECT ${COLUMNS} FROM decisions WHERE id = ?`, [
      id,
    ])
    return row === undefined ? null : this.withImages(row)
  }

  async last(): Promise<StoredDecision | null> {
    const row = await this.db.get<DecisionRow>(
      `SELECT ${COLUMNS} FROM decisions WHERE state <> 'undone' ORDER BY id DESC LIMIT 1`,
    )
    return row === undefined ? null : this.withImages(row)
  }

  async pending(): Promise<StoredDecision[]> {
    const rows = await this.db.all<DecisionRow>(
      `SELECT ${COLUMNS} FROM decisions WHERE state = 'pending' ORDER BY id`,
    )
    return Promise.all(rows.map((row) => this.withImages(row)))
  }

  async undo(id: number): Promise<UndoResult> {
    const outcome = await this.db.write(async () => {
      const row = await this.db.get<DecisionRow>(`SELECT ${COLUMNS} FROM decisions WHERE id = ?`, [
        id,
      ])
      if (row === undefined) return { kind: 'not-found' as const }
      if (row.state === 'undone') return { kind: 'already-undone' as const, row }
      if (row.state !== 'pending') return { kind: row.state, row }
      await this.db.run(`UPDATE decisions SET state = 'undone' WHERE id = ?`, [id])
      const images = await this.imageRows(id)
      for (const image of images) {
        for (const { scene, row: prior } of JSON.parse(image.previous) as PriorRow[]) {
          // A later correction of the scene stands: undo gives back only what this one changed.
          const where = `subject = ? AND engine = ? AND scene = ? AND decision_id = ?`
          const key = [image.subject, image.engine, scene, id]
          if (prior === null) {
            await this.db.run(`DELETE FROM feedback WHERE ${where}`, key)
            continue
          }
          await this.db.run(
            `UPDATE feedback SET suggestion = ?, label = ?, note = ?, sent_to = ?, created_at = ?,
               decision_id = ? WHERE ${where}`,
            [
              prior.suggestion,
              prior.label,
              prior.note,
              prior.sent_to,
              prior.created_at,
              prior.decision_id,
              ...key,
            ],
          )
        }
      }
      return { kind: 'undone' as const, row: { ...row, state: 'undone' as const } }
    })
    if (outcome.kind === 'not-found') return outcome
    const decision = await this.withImages(outcome.row)
    if (outcome.kind !== 'undone') return { kind: outcome.kind, decision }
    const restored = await Promise.all(
      decision.images.map(async ({ subject, engine }) => ({
        subject,
        engine,
        feedback: await this.feedback.lookup(subject, engine),
      })),
    )
    return { kind: 'undone', decision, restored }
  }

  async claimDue(
    now: number,
    owner: string,
    until: number,
    limit: number,
  ): Promise<StoredDecision[]> {
    const rows = await this.db.write(async () => {
      const due = await this.db.all<DecisionRow>(
        `SELECT ${COLUMNS} FROM decisions WHERE state = 'pending' AND due_at <= ?
         ORDER BY due_at, id LIMIT ?`,
        [now, limit],
      )
      for (const row of due) {
        await this.db.run(
          `UPDATE decisions SET state = 'sending', lease_owner = ?, lease_until = ? WHERE id = ?`,
          [owner, until, row.id],
        )
      }
      return due.map((row) => ({ ...row, state: 'sending' as const }))
    })
    return Promise.all(rows.map((row) => this.withImages(row)))
  }

  async markImageSent(
    id: number,
    subject: string,
    engine: EngineId,
    greenScenes: readonly Scene[],
  ): Promise<void> {
    await this.db.write(async () => {
      await this.db.run(
        `UPDATE decision_images SET sent_at = ? WHERE decision_id = ? AND subject = ? AND engine = ?`,
        [Date.now(), id, subject, engine],
      )
      for (const scene of greenScenes) {
        await this.db.run(
          `UPDATE feedback SET sent_to = 'green'
           WHERE subject = ? AND engine = ? AND scene = ? AND decision_id = ?`,
          [subject, engine, scene, id],
        )
      }
    })
  }

  async markSent(id: number, owner: string): Promise<boolean> {
    const { changes } = await this.db.write(() =>
      this.db.run(
        `UPDATE decisions SET state = 'sent', lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'sending' AND lease_owner = ?`,
        [id, owner],
      ),
    )
    return changes > 0
  }

  async restartGrace(id: number, dueAt: number): Promise<void> {
    await this.db.write(() =>
      this.db.run(`UPDATE decisions SET due_at = ? WHERE id = ? AND state = 'pending'`, [
        dueAt,
        id,
      ]),
    )
  }

  async retryLater(id: number, owner: string, dueAt: number): Promise<void> {
    await this.db.write(() =>
      this.db.run(
        `UPDATE decisions SET state = 'pending', due_at = ?, lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'sending' AND lease_owner = ?`,
        [dueAt, id, owner],
      ),
    )
  }

  async renewLeases(owner: string, until: number): Promise<void> {
    await this.db.write(() =>
      this.db.run(
        `UPDATE decisions SET lease_until = ? WHERE state = 'sending' AND lease_owner = ?`,
        [until, owner],
      ),
    )
  }

  async releaseLeases(owner: string): Promise<void> {
    await this.db.write(() =>
      this.db.run(
        `UPDATE decisions SET state = 'pending', lease_owner = NULL, lease_until = NULL
         WHERE state = 'sending' AND lease_owner = ?`,
        [owner],
      ),
    )
  }

  async reclaimExpired(now: number): Promise<number> {
    const { changes } = await this.db.write(() =>
      this.db.run(
        `UPDATE decisions SET state = 'pending', lease_owner = NULL, lease_until = NULL
         WHERE state = 'sending' AND (lease_until IS NULL OR lease_until < ?)`,
        [now],
      ),
    )
    return changes
  }

  private imageRows(id: number): Promise<ImageRow[]> {
    return this.db.all<ImageRow>(
      `SELECT * FROM decision_images WHERE decision_id = ? ORDER BY subject, engine`,
      [id],
    )
  }

  private async withImages(row: DecisionRow): Promise<StoredDecision> {
    const images = await this.imageRows(row.id)
    return {
      id: row.id,
      suggestion: row.suggestion,
      label: row.label,
      note: row.note,
      at: row.created_at,
      dueAt: row.due_at,
      state: row.state,
      images: images.map((image) => ({
        subject: image.subject,
        engine: image.engine,
        itemIds: JSON.parse(image.item_ids) as number[],
        scenes: JSON.parse(image.scenes) as Scene[],
        sent: image.sent_at !== null,
      })),
    }
  }
}
