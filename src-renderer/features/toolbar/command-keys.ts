import { COMMAND_IDS, COMMANDS, type CommandId } from '../../../src-shared/commands'

/** Cmd on macOS, Ctrl elsewhere: Electron's CmdOrCtrl, as the user's keyboard names it. */
export function isMac(userAgent: string = globalThis.navigator.userAgent): boolean {
  return /Macintosh|Mac OS X/.test(userAgent)
}

/** "CmdOrCtrl+Shift+O" as printed in a tooltip or the shortcut sheet: "Ctrl+Shift+O". */
export function formatAccelerator(accelerator: string, mac = isMac()): string {
  return accelerator.replace(/CmdOrCtrl|CommandOrControl/g, mac ? 'Cmd' : 'Ctrl')
}

/** The same shortcut in aria-keyshortcuts' syntax: "Control+Shift+O". */
export function ariaKeyShortcuts(id: CommandId, mac = isMac()): string | undefined {
  const spec = COMMANDS[id]
  if (spec.accelerator)
    return spec.accelerator.replace(/CmdOrCtrl|CommandOrControl/g, mac ? 'Meta' : 'Control')
  return spec.key
}

/** What the user presses, for a tooltip: the accelerator, else the bare key. */
export function shortcutText(id: CommandId, mac = isMac()): string | null {
  const spec = COMMANDS[id]
  if (spec.accelerator) return formatAccelerator(spec.accelerator, mac)
  return spec.key ?? null
}

interface KeyLike {
  readonly key: string
  readonly ctrlKey: boolean
  readonly metaKey: boolean
  readonly shiftKey: boolean
  readonly altKey: boolean
}

function matchesAccelerator(event: KeyLike, accelerator: string, mac: boolean): boolean {
  const parts = accelerator.split('+')
  const key = parts.at(-1) ?? ''
  const mods = new Set(parts.slice(0, -1))
  const primary = mac ? event.metaKey : event.ctrlKey
  const wantsPrimary = mods.has('CmdOrCtrl') || mods.has('CommandOrControl')
  return (
    primary === wantsPrimary &&
    event.shiftKey === mods.has('Shift') &&
    event.altKey === mods.has('Alt') &&
    event.key.toLowerCase() === key.toLowerCase()
  )
}

/**
 * The command a key press asks for. Accelerators only where no application menu takes them
 * first (`withAccelerators`: the harness, a browser); bare keys never while typing in a field.
 */
export function commandForKey(
  event: KeyLike,
  options: { typing: boolean; withAccelerators: boolean; mac?: boolean },
): CommandId | null {
  const mac = options.mac ?? isMac()
  for (const id of COMMAND_IDS) {
    const spec = COMMANDS[id]
    if (
      options.withAccelerators &&
      spec.accelerator &&
      // Ctrl/Cmd+Z in a text field undoes typing, not a decision.
      !(options.typing && id === 'undo') &&
      matchesAccelerator(event, spec.accelerator, mac)
    )
      return id
    const bare = !event.ctrlKey && !event.metaKey && !event.altKey
    // Only the keys this feature owns: g and Enter belong to the queue's own handlers.
    if (
      !options.typing &&
      bare &&
      spec.key !== undefined &&
      OWNED_KEYS.includes(id) &&
      event.key === spec.key
    )
      return id
  }
  return null
}

/** Bare keys run through the command bus from anywhere in the window. */
const OWNED_KEYS: readonly CommandId[] = ['find', 'shortcuts', 'remove']
