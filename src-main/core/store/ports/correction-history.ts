import type { CorrectionRecord, EngineId } from '../../../../src-shared/domain'

/**
 * Every correction ever made of one image by one engine, newest first (docs/architecture.md §6):
 * the decisions of the outbox, undone ones included, and the at-once corrections of
 * `greenlight feedback`. Only read: the outbox and the feedback store write what it reads.
 */
export interface CorrectionHistory {
  historyOf(subject: string, engine: EngineId): Promise<CorrectionRecord[]>
}
