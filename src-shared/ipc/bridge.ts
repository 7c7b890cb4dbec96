import type { Result } from '../result/result'
import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from './contract'

/**
 * What the renderer sees as `window.greenlight`: the preload implements it over Electron IPC,
 * the test harness over a loopback WebSocket. The renderer cannot tell them apart.
 */
export interface GreenlightBridge {
  invoke<C extends InvokeChannel>(
    channel: C,
    ...payload: undefined extends InvokeRequest<C> ? [InvokeRequest<C>?] : [InvokeRequest<C>]
  ): Promise<Result<InvokeResponse<C>>>
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /**
   * Where the thumbnail of an image with this sha256 is served: `thumb://img/<sha256>` in Electron,
   * a token-guarded loopback URL in the harness. Opaque ids only; the renderer never sees a path
   * it can open (docs/architecture.md §6).
   */
  thumbnailUrl(sha256: string): string
  /**
   * Where the loupe's image is served, by the same opaque id: `preview` fitted within 1600 px,
   * `full` at the original's size (the 1:1 view); `frame` picks a GIF's judged frame.
   */
  previewUrl(sha256: string, size: 'preview' | 'full', frame?: number): string
  /**
   * The local path of a file dropped on the window (a DOM `File`), or null where the host cannot
   * know it (a plain browser). Typed `unknown` because this module has no DOM types.
   */
  pathForFile(file: unknown): string | null
}

/** The global name the bridge is exposed under. */
export const BRIDGE_GLOBAL = 'greenlight'
