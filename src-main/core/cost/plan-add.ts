import type { EngineId, ScanMode, Scene, Settings } from '../../../src-shared/domain'
import type { CostEstimate } from '../../../src-shared/domain/cost-estimate'
import type { AppError } from '../../../src-shared/result'
import { verdictEngineKey } from '../engines/verdict-engine-key'
import { describeSource, expandInputs } from '../inputs'
import { estimateCost, type EstimateDeps, type EstimateSource } from './estimate-cost'

/**
 * An add the user asked for, expanded and priced but not yet stored: folders are walked once,
 * and confirming enqueues exactly the images that were priced (enqueueInputs' `sources`).
 */
export interface AddPlan {
  readonly sources: readonly EstimateSource[]
  /** Inputs that cannot be scanned; stored as failed (with why) when the plan is confirmed. */
  readonly bad: readonly { readonly input: string; readonly error: AppError }[]
  readonly engine: EngineId
  readonly scenes: readonly Scene[]
  readonly bizType: string | null
  readonly mode: ScanMode
  readonly estimate: CostEstimate
  /** Links in folders that led outside the inputs, skipped (followSymlinks was off). */
  readonly linksOutside: number
  /**
   * Set when the add is Watch Folder…: a yes starts watching these folders, and the watcher
   * queues the photos already in them (the ones priced here).
   */
  readonly watchFolders?: readonly string[]
}

export interface PlanRequest {
  readonly inputs: readonly string[]
  readonly engine: EngineId
  readonly scenes: readonly Scene[]
  readonly settings: Pick<Settings, 'bizType' | 'scanMode' | 'frameHints' | 'localThresholds'>
  /** Follow links in folders even where they lead outside the inputs (off: skip and count). */
  readonly followSymlinks?: boolean
  readonly cwd?: string
}

export async function planAdd(deps: EstimateDeps, request: PlanRequest): Promise<AddPlan> {
  const { engine, scenes, settings } = request
  const sources: EstimateSource[] = []
  const bad: { input: string; error: AppError }[] = []
  const expansion = expandInputs(request.inputs, {
    ...(request.cwd ? { cwd: request.cwd } : {}),
    followSymlinks: request.followSymlinks === true,
  })
  for await (const expanded of expansion) {
    if (expanded.ok) sources.push(describeSource(expanded.source))
    else bad.push({ input: expanded.input, error: expanded.error })
  }
  const estimate = await estimateCost(deps, {
    sources,
    unscannable: bad.length,
    engine,
    scenes,
    bizType: settings.bizType,
    engineKey: verdictEngineKey(engine, settings),
    frameHints: settings.frameHints,
  })
  return {
    sources,
    bad,
    engine,
    scenes,
    bizType: settings.bizType,
    mode: settings.scanMode,
    estimate,
    linksOutside: expansion.counts.linksOutside,
  }
}

/** Green batches at or above the threshold wait for the user's yes; the local engine is free. */
export function needsConfirmation(estimate: CostEstimate, thresholdUnits: number): boolean {
  return estimate.engine === 'green' && estimate.units >= thresholdUnits && estimate.units > 0
}
