import type { Scene, SceneResult } from '../../../../src-shared/domain'

/** What the cache knows about one image for one scene: a verdict, or "this engine cannot judge it". */
export type CachedScene =
  | { readonly scene: Scene; readonly result: SceneResult; readonly taskId: string | null }
  | { readonly scene: Scene; readonly result: null; readonly taskId: null }

export interface VerdictKey {
  readonly sha256: string
  /** The engine, plus anything that changes its verdicts (the local engine's thresholds). */
  readonly engine: string
  readonly bizType: string | null
}

/**
 * Dedupe by content (docs/architecture.md §4): a verdict already paid for is reused for the same
 * bytes, engine, scene and bizType, with no call and no charge.
 */
export interface VerdictCache {
  /** The cached scenes among `scenes`; a scene missing from the answer must be scanned. */
  lookup(key: VerdictKey, scenes: readonly Scene[]): Promise<CachedScene[]>
  /** Stores one finished image's scenes at once; a scene stored again replaces the old entry. */
  store(
    key: VerdictKey,
    results: readonly SceneResult[],
    unsupported: readonly Scene[],
    taskId: string | null,
  ): Promise<void>
  count(): Promise<number>
}
