import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { COMMAND_IDS, COMMANDS, commandLabel } from '../../../src-shared/commands'
import { DEFAULT_SETTINGS } from '../../../src-shared/domain'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { shortcutGroups } from './shortcut-groups'
import { ShortcutsSheet } from './shortcuts-sheet'

afterEach(() => {
  cleanup()
  useUiStore.setState({ shortcutsOpen: false })
  useAppStore.setState({ settings: null })
})

describe('the shortcut sheet', () => {
  it('lists every command that has a shortcut exactly once, and one placed nowhere under App', () => {
    const listed = shortcutGroups().flatMap(({ rows }) =>
      rows.flatMap((row) => (row.kind === 'command' ? [row.id] : [])),
    )
    const withKeys = COMMAND_IDS.filter(
      (id) => COMMANDS[id].key !== undefined || COMMANDS[id].accelerator !== undefined,
    )
    expect([...listed].sort()).toEqual([...withKeys].sort())
    for (const { rows } of shortcutGroups()) expect(rows.length).toBeGreaterThan(0)
    expect(shortcutGroups().find((g) => g.group === 'decide')?.rows).toContainEqual({
      kind: 'command',
      id: 'undo',
    })
  })

  it('shows six groups in Chinese, with the queue keys beside the commands, and Esc closes it', () => {
    useAppStore.setState({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } })
    useUiStore.setState({ shortcutsOpen: true })
    render(<ShortcutsSheet />)
    const sheet = screen.getByRole('dialog', { name: commandLabel('shortcuts', 'zh-CN') })
    expect(
      within(sheet)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['移动', '决定', '选择', '视图', '查找', '应用'])
    const decide = screen.getByTestId('shortcut-group-decide')
    expect(decide.textContent).toContain('p / b')
    expect(decide.textContent).toContain('Ctrl+Z')
    expect(decide.textContent).toContain(commandLabel('undo', 'zh-CN'))
    expect(screen.getByTestId('shortcut-group-move').textContent).toContain('j / k')
    expect(screen.getByTestId('shortcut-group-select').textContent).toContain('Ctrl+A')
    expect(screen.getByTestId('shortcut-group-view').textContent).toContain('v')
    fireEvent.keyDown(window, { key: 'Escape' })
    expect(useUiStore.getState().shortcutsOpen).toBe(false)
  })
})
