import type {
  EngineId,
  Item,
  ItemFacets,
  ItemFilter,
  ItemSort,
  ItemState,
  Progress,
  Scene,
} from '../../../../src-shared/domain'

/** An export's selection: the list filter, plus a time floor and an upper id bound. */
export interface ItemQuery extends ItemFilter {
  /** Epoch ms: items scanned at or after this (items never scanned: last changed at or after). */
  since?: number
  /** Only items with an id up to this, so several passes over a live store see the same set. */
  maxId?: number
  /**
   * Only each source's newest item (up to maxId): a rerun, a retry or an edit of a file
   * supersedes its older items. The other conditions apply to that newest item only, so a
   * superseded `block` never shows when the file's current verdict is `pass`.
   */
  currentOnly?: boolean
  /** Only the sources of these items (an export of the selection), each with its history. */
  sourcesOf?: readonly number[]
  /**
   * Only items scanned for this scene (an export's `--scene`), whatever it found; `scene` is the
   * list's "flagged in this scene".
   */
  scannedFor?: Scene
}

/** One page of the list, newest first. */
export interface ItemPage {
  readonly items: Item[]
  /** Every item matching the filter. */
  readonly total: number
  /** Rows of this page that could not be read (left out of `items`). */
  readonly skipped: number
}

/**
 * One image as feedback names it: by URL for URL items (never downloaded, so never hashed), else
 * by the sha256 of its bytes; optionally only one engine's items, or only items in one state.
 */
export interface ImageMatch {
  readonly image: { readonly url: string } | { readonly sha256: string }
  readonly engine?: EngineId
  readonly state?: ItemState
}

/**
 * Reads over items for the list, the progress bar, exports and feedback (see docs/architecture.md
 * §1). Item ids grow with insertion order, which paging and an export's pinned set rely on. A row
 * that cannot be read is skipped, never fatal, and reported once in `unreadable`.
 */
export interface ItemQueries {
  get(id: number): Promise<Item | undefined>
  /** The readable items among `ids`, oldest first. */
  getMany(ids: readonly number[]): Promise<Item[]>
  /** A page of the items matching `filter`, in `sort` order (newest first), with the total. */
  list(offset: number, limit: number, filter: ItemFilter, sort?: ItemSort): Promise<ItemPage>
  /** Every id matching `filter`, in `sort` order (newest first): select-all over any size. */
  ids(filter: ItemFilter, sort?: ItemSort): Promise<number[]>
  /**
   * Counts for the filter controls: each dimension counted with the other dimensions' filters
   * applied and its own left out (docs/architecture.md §6, "Finding things").
   */
  facets(filter: ItemFilter): Promise<ItemFacets>
  progress(): Promise<Progress>
  countIn(states: readonly ItemState[]): Promise<number>
  /** The highest item id so far (0 when empty): pins the set an export's passes read. */
  maxId(): Promise<number>
  /** Of these items, the ids that are their source's newest item (up to maxId). */
  currentIds(items: readonly Item[], maxId?: number): Promise<Set<number>>
  /**
   * Every item matching the query, oldest first, a page at a time (an item added meanwhile is
   * neither skipped nor read twice); `onSkipped` hears of each unreadable row.
   */
  iterate(
    query?: ItemQuery,
    pageSize?: number,
    onSkipped?: (id: number) => void,
  ): AsyncIterable<Item>
  /** Ids of the items showing one image, oldest first. */
  idsOfImage(match: ImageMatch): Promise<number[]>
  /** Ids of the items a user's reference names: a dataId, a Green taskId or an item id. */
  idsByReference(reference: string): Promise<number[]>
  /** Ids of the rows found unreadable so far, with why. */
  readonly unreadable: ReadonlyMap<number, string>
}
