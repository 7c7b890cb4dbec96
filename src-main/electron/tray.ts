import type { MenuItemConstructorOptions } from 'electron'
import { pauseResumeLabel } from './menu-template'
import { shellText } from './shell-strings'
import { pendingOf, type ShellStatus } from './shell-status'

export interface TrayActions {
  show: () => void
  pauseResume: () => void
  quit: () => void
}

/** Show Greenlight, Pause/Resume, the count waiting for review (opens the window), Quit. */
export function trayMenuTemplate(
  status: ShellStatus,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const { language } = status
  return [
    { id: 'show', label: shellText(language, 'showWindow'), click: actions.show },
    { type: 'separator' },
    {
      id: 'pause-resume',
      label: pauseResumeLabel(language, status.queue),
      click: actions.pauseResume,
    },
    {
      id: 'review',
      label: shellText(language, 'waitingForReview', { count: status.progress.review }),
      enabled: status.progress.review > 0,
      click: actions.show,
    },
    { type: 'separator' },
    { id: 'quit', label: shellText(language, 'quit'), click: actions.quit },
  ]
}

/** What hovering the tray icon says: scanning and how many are left, or what it watches. */
export function trayTooltip(status: ShellStatus): string {
  const { language, progress } = status
  const pending = pendingOf(progress)
  const first =
    pending > 0
      ? shellText(language, 'trayScanning', { left: pending })
      : shellText(language, 'trayIdle', { folders: status.watching })
  return progress.review > 0
    ? `${first}\n${shellText(language, 'trayReview', { count: progress.review })}`
    : first
}

/** A tray icon: Electron's Tray with `setMenu` building its context menu from a template. */
export interface TrayLike {
  setToolTip(toolTip: string): void
  setMenu(template: MenuItemConstructorOptions[]): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}

export interface TrayDeps {
  /** `new Tray(icon)`; called only when the tray is first needed. */
  create: () => TrayLike
  actions: TrayActions
}

/**
 * The tray icon (menu bar on macOS) exists while Greenlight has a reason to run without its
 * window: a watched folder, or a batch finishing in the background. Its menu and tooltip follow the
 * shell status, rebuilt only when what they say changes.
 */
export class TrayController {
  private tray: TrayLike | null = null
  private shown = ''

  constructor(private readonly deps: TrayDeps) {}

  get visible(): boolean {
    return this.tray !== null
  }

  update(wanted: boolean, status: ShellStatus): void {
    if (!wanted) {
      this.tray?.destroy()
      this.tray = null
      return
    }
    if (!this.tray) {
      this.tray = this.deps.create()
      // Windows and macOS: a click on the icon brings the window back (Linux shows the menu).
      this.tray.on('click', this.deps.actions.show)
      this.shown = ''
    }
    const template = trayMenuTemplate(status, this.deps.actions)
    const tooltip = trayTooltip(status)
    const key = JSON.stringify([template.map((item) => [item.label, item.enabled]), tooltip])
    if (key === this.shown) return
    this.shown = key
    this.tray.setToolTip(tooltip)
    this.tray.setMenu(template)
  }
}
