import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { EMPTY_PROGRESS, type Progress } from '../../src-shared/domain'
import type { ShellStatus } from './shell-status'
import { TrayController } from './tray'

const status = (p: Partial<Progress> = {}, rest: Partial<ShellStatus> = {}): ShellStatus => ({
  progress: { ...EMPTY_PROGRESS, ...p },
  queue: 'idle',
  watching: 2,
  language: 'en',
  undoable: false,
  ...rest,
})

function setup() {
  const trays: {
    setToolTip: ReturnType<typeof vi.fn>
    setMenu: ReturnType<typeof vi.fn>
    destroy: ReturnType<typeof vi.fn>
    click?: () => void
  }[] = []
  const actions = { show: vi.fn(), pauseResume: vi.fn(), quit: vi.fn() }
  const controller = new TrayController({
    create: () => {
      const tray = {
        setToolTip: vi.fn(),
        setMenu: vi.fn(),
        destroy: vi.fn(),
        click: undefined as (() => void) | undefined,
        on: (_event: 'click', listener: () => void) => {
          tray.click = listener
        },
      }
      trays.push(tray)
      return tray
    },
    actions,
  })
  const menu = () => trays.at(-1)!.setMenu.mock.lastCall![0] as MenuItemConstructorOptions[]
  const labels = () =>
    menu()
      .filter((i) => i.type !== 'separator')
      .map((i) => i.label)
  return { controller, trays, actions, menu, labels }
}

describe('tray', () => {
  it('appears when wanted with Show, Pause, the review count and Quit, and goes away when not', () => {
    const { controller, trays, labels } = setup()
    controller.update(false, status())
    expect(trays).toHaveLength(0)
    controller.update(true, status({ review: 3, total: 3, done: 3 }))
    expect(labels()).toEqual([
      'Show Greenlight',
      'Pause Scanning',
      '3 waiting for review',
      'Quit Greenlight',
    ])
    controller.update(false, status())
    expect(trays[0]!.destroy).toHaveBeenCalledOnce()
    expect(controller.visible).toBe(false)
  })

  it('offers Resume when paused, and its items do what they say', () => {
    const { controller, actions, menu, trays } = setup()
    controller.update(true, status({}, { queue: 'paused' }))
    const byId = (id: string) => menu().find((i) => i.id === id)!
    expect(byId('pause-resume').label).toBe('Resume Scanning')
    ;(byId('pause-resume').click as () => void)()
    ;(byId('quit').click as () => void)()
    trays[0]!.click!()
    expect(actions.pauseResume).toHaveBeenCalledOnce()
    expect(actions.quit).toHaveBeenCalledOnce()
    expect(actions.show).toHaveBeenCalledOnce()
    expect(byId('review').enabled).toBe(false)
  })

  it('says in the tooltip what it is doing and how many wait for review, in the user language', () => {
    const { controller, trays } = setup()
    controller.update(true, status())
    expect(trays[0]!.setToolTip).toHaveBeenLastCalledWith('Greenlight: watching 2 folder(s)')
    controller.update(true, status({ total: 9, queued: 4, running: 1, done: 4, review: 2 }))
    expect(trays[0]!.setToolTip).toHaveBeenLastCalledWith(
      'Greenlight: scanning, 5 left\n2 waiting for review',
    )
    controller.update(true, status({ review: 2 }, { language: 'zh-CN' }))
    expect(trays[0]!.setToolTip).toHaveBeenLastCalledWith(
      'Greenlight：正在监视 2 个文件夹\n2 张待复核',
    )
  })

  it('rebuilds its menu only when what it shows changes', () => {
    const { controller, trays } = setup()
    controller.update(true, status())
    controller.update(true, status({ total: 5, done: 5 }))
    expect(trays[0]!.setMenu).toHaveBeenCalledOnce()
  })
})
