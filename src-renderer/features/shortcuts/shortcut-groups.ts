import { COMMAND_IDS, COMMANDS, type CommandId } from '../../../src-shared/commands'
import type { MessageKey } from '../../i18n/en'

export const SHORTCUT_GROUPS = ['move', 'decide', 'select', 'view', 'find', 'app'] as const
export type ShortcutGroup = (typeof SHORTCUT_GROUPS)[number]

/** One line of the sheet: a command (worded by its label) or one of the queue's own keys. */
export type ShortcutRow =
  | { readonly kind: 'command'; readonly id: CommandId }
  | { readonly kind: 'key'; readonly keys: string; readonly label: MessageKey }

/**
 * Where each command sits on the sheet. Keyed by name, not typed by CommandId, so a command added
 * later (and not placed here yet) still shows, under App.
 */
const COMMAND_GROUP: Readonly<Record<string, ShortcutGroup>> = {
  undo: 'decide',
  remove: 'decide',
  'select-all': 'select',
  'toggle-view': 'view',
  'toggle-preview': 'view',
  'toggle-blur': 'view',
  find: 'find',
}

/**
 * The keys the queue handles itself rather than through a command (features/queue/: they depend
 * on the focused row or tile), in the group they belong to.
 */
const QUEUE_KEYS: Readonly<Record<ShortcutGroup, readonly (readonly [string, MessageKey])[]>> = {
  move: [
    ['j / k', 'shortcuts.move'],
    ['↓ / ↑', 'shortcuts.moveArrows'],
    ['← / →', 'shortcuts.moveGrid'],
  ],
  decide: [
    ['p / b', 'shortcuts.review'],
    ['1–6', 'shortcuts.pickScene'],
  ],
  select: [
    ['x', 'shortcuts.pick'],
    ['Shift+j / Shift+k', 'shortcuts.pickMove'],
    ['Esc', 'shortcuts.escape'],
  ],
  view: [
    ['v', 'shortcuts.reveal'],
    ['z', 'shortcuts.zoom'],
  ],
  find: [],
  app: [],
}

/** Every shortcut, grouped: each command with a key or accelerator, then the queue's own keys. */
export function shortcutGroups(
  ids: readonly CommandId[] = COMMAND_IDS,
): { group: ShortcutGroup; rows: ShortcutRow[] }[] {
  return SHORTCUT_GROUPS.map((group) => ({
    group,
    rows: [
      ...ids
        .filter((id) => hasShortcut(id) && (COMMAND_GROUP[id] ?? 'app') === group)
        .map((id): ShortcutRow => ({ kind: 'command', id })),
      ...QUEUE_KEYS[group].map(([keys, label]): ShortcutRow => ({ kind: 'key', keys, label })),
    ],
  }))
}

function hasShortcut(id: CommandId): boolean {
  const spec = COMMANDS[id]
  return spec.accelerator !== undefined || spec.key !== undefined
}
