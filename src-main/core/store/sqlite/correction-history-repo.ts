import {
  SCENES,
  type CorrectionRecord,
  type DecisionState,
  type EngineId,
  type FeedbackSuggestion,
  type Scene,
} from '../../../../src-shared/domain'
import type { CorrectionHistory } from '../ports/correction-history'
import type { Database } from './database'

interface DecisionImageRow {
  id: number
  suggestion: FeedbackSuggestion
  label: string | null
  note: string | null
  created_at: number
  due_at: number
  state: DecisionState
  scenes: string
  previous: string
  sent_at: number | null
}

/** A feedback row as stored now, or as a decision's `previous` remembers it. */
interface KnownRow {
  scene: Scene
  suggestion: FeedbackSuggestion
  label: string | null
  note: string | null
  sent_to: 'green' | 'local'
  created_at: number
  decision_id: number | null
}

const inOrder = (scenes: Iterable<Scene>) => {
  const set = new Set(scenes)
  return SCENES.filter((scene) => set.has(scene))
}

/**
 * The correction history over SQLite (migrations 5 and 11). The feedback table keeps only the
 * latest correction per scene; a decision's `previous` keeps the rows it replaced, so an at-once
 * correction a later decision overwrote, and where an earlier decision's scenes went, are still
 * known from there.
 */
export class CorrectionHistoryRepo implements CorrectionHistory {
  constructor(private readonly db: Database) {}

  async historyOf(subject: string, engine: EngineId): Promise<CorrectionRecord[]> {
    const decisions = await this.db.all<DecisionImageRow>(
      `SELECT d.id, d.suggestion, d.label, d.note, d.created_at, d.due_at, d.state,
              i.scenes, i.previous, i.sent_at
       FROM decision_images i JOIN decisions d ON d.id = i.decision_id
       WHERE i.subject = ? AND i.engine = ?`,
      [subject, engine],
    )
    const current = await this.db.all<KnownRow>(
      `SELECT scene, suggestion, label, note, sent_to, created_at, decision_id FROM feedback
       WHERE subject = ? AND engine = ?`,
      [subject, engine],
    )
    const known = new Map<string, KnownRow>()
    const remember = (row: KnownRow) => {
      known.set(`${row.scene}\n${String(row.created_at)}\n${String(row.decision_id)}`, row)
    }
    current.forEach(remember)
    for (const d of decisions) {
      const previous = JSON.parse(d.previous) as {
        scene: Scene
        row: Omit<KnownRow, 'scene'> | null
      }[]
      for (const p of previous) if (p.row !== null) remember({ ...p.row, scene: p.scene })
    }
    const rows = [...known.values()]

    const fromDecisions = decisions.map((d): CorrectionRecord => ({
      source: 'decision',
      decisionId: d.id,
      at: d.created_at,
      suggestion: d.suggestion,
      scenes: inOrder(JSON.parse(d.scenes) as Scene[]),
      label: d.label,
      note: d.note,
      state: d.state,
      dueAt: d.state === 'pending' ? d.due_at : null,
      sentAt: d.sent_at,
      sentToGreen: inOrder(
        rows.filter((r) => r.decision_id === d.id && r.sent_to === 'green').map((r) => r.scene),
      ),
    }))
    // At-once corrections (`greenlight feedback`): one submission's scenes share its time.
    const atOnce = new Map<string, KnownRow[]>()
    for (const row of rows) {
      if (row.decision_id !== null) continue
      const key = `${String(row.created_at)}\n${row.suggestion}`
      atOnce.set(key, [...(atOnce.get(key) ?? []), row])
    }
    const fromCommand = [...atOnce.values()].flatMap((group): CorrectionRecord[] => {
      const first = group[0]
      if (first === undefined) return []
      const record: CorrectionRecord = {
        source: 'feedback-command',
        decisionId: null,
        at: first.created_at,
        suggestion: first.suggestion,
        scenes: inOrder(group.map((r) => r.scene)),
        label: group.find((r) => r.label !== null)?.label ?? null,
        note: first.note,
        state: 'applied',
        dueAt: null,
        sentAt: first.created_at,
        sentToGreen: inOrder(group.filter((r) => r.sent_to === 'green').map((r) => r.scene)),
      }
      return [record]
    })
    return [...fromDecisions, ...fromCommand].sort(
      (a, b) => b.at - a.at || (b.decisionId ?? 0) - (a.decisionId ?? 0),
    )
  }
}
