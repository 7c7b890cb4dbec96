import type { MenuItemConstructorOptions } from 'electron'
import type { CommandId, Language } from '../../src-shared/commands'
import { buildMenuTemplate, type MenuPlatform, type MenuState } from './menu-template'

export interface AppMenuDeps {
  platform: MenuPlatform
  /** Menu.setApplicationMenu(Menu.buildFromTemplate(template)) in the app. */
  install: (template: MenuItemConstructorOptions[]) => void
  run: (id: CommandId) => void
}

/**
 * Installs the application menu and rebuilds it when the language or the state it shows changes
 * (not on every progress tick: only a change in what an item says or allows counts).
 */
export function createAppMenu(deps: AppMenuDeps) {
  let shown = ''
  return (language: Language, state: MenuState) => {
    const key = JSON.stringify([
      language,
      state.itemCount > 0,
      state.queue === 'paused',
      state.undoable,
    ])
    if (key === shown) return
    shown = key
    deps.install(buildMenuTemplate(deps.platform, language, state, deps.run))
  }
}
