import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createDesktopPorts } from './desktop-ports'

const IMAGES = {
  name: 'Images',
  extensions: ['jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp', 'tiff', 'heic'],
}

function setup(
  answer: { canceled: boolean; filePaths?: string[]; filePath?: string },
  window = true,
) {
  const win = { isDestroyed: () => false }
  const dialog = {
    showOpenDialog: vi.fn(() =>
      Promise.resolve({ canceled: answer.canceled, filePaths: answer.filePaths ?? [] }),
    ),
    showSaveDialog: vi.fn(() =>
      Promise.resolve({ canceled: answer.canceled, filePath: answer.filePath ?? '' }),
    ),
  }
  const shell = { showItemInFolder: vi.fn() }
  const clipboard = { writeText: vi.fn() }
  const ports = createDesktopPorts({
    dialog: dialog,
    shell,
    clipboard,
    getWindow: () => (window ? (win as never) : null),
    defaultFolder: '/home/ann/Documents',
  })
  return { ports, dialog, shell, clipboard, win }
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenlight-ports-'))
  await writeFile(join(dir, 'a.jpg'), 'x')
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('desktop ports', () => {
  it('opens several image files at once, modal to the window, and returns what was picked', async () => {
    const { ports, dialog, win } = setup({ canceled: false, filePaths: ['/p/a.jpg', '/p/b.png'] })
    const picked = await ports.dialogs.openFiles({ title: 'Add images', filters: [IMAGES] })
    expect(picked).toEqual(['/p/a.jpg', '/p/b.png'])
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(win, {
      title: 'Add images',
      filters: [IMAGES],
      properties: ['openFile', 'multiSelections'],
    })
  })

  it('opens several folders at once, with no window when none is open', async () => {
    const { ports, dialog } = setup({ canceled: false, filePaths: ['/p/inbox', '/p/more'] }, false)
    expect(await ports.dialogs.openFolders({ title: 'Add folders' })).toEqual([
      '/p/inbox',
      '/p/more',
    ])
    const [options] = dialog.showOpenDialog.mock.calls[0] as unknown as [{ properties: string[] }]
    expect(options.properties).toEqual(expect.arrayContaining(['openDirectory', 'multiSelections']))
    expect(options.properties).not.toContain('openFile')
  })

  it('answers a cancelled open with no paths, whatever Electron left in filePaths', async () => {
    const { ports } = setup({ canceled: true, filePaths: ['/p/stale.jpg'] })
    expect(await ports.dialogs.openFiles({ title: 't', filters: [IMAGES] })).toEqual([])
  })

  it('asks where to save, starting in the default folder with the suggested name', async () => {
    const { ports, dialog, win } = setup({ canceled: false, filePath: '/home/ann/out.csv' })
    const csv = { name: 'CSV', extensions: ['csv'] }
    const path = await ports.dialogs.saveFile({
      title: 'Export',
      defaultName: 'greenlight.csv',
      filters: [csv],
    })
    expect(path).toBe('/home/ann/out.csv')
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({
        defaultPath: '/home/ann/Documents/greenlight.csv',
        filters: [csv],
        properties: expect.arrayContaining(['showOverwriteConfirmation']) as unknown,
      }),
    )
  })

  it('answers a cancelled save with null', async () => {
    const { ports } = setup({ canceled: true, filePath: '/home/ann/out.csv' })
    expect(
      await ports.dialogs.saveFile({ title: 't', defaultName: 'x.csv', filters: [] }),
    ).toBeNull()
  })

  it('reveals an existing file in the file manager, and says so when it is gone', async () => {
    const { ports, shell } = setup({ canceled: true })
    expect(await ports.shell.showInFolder(join(dir, 'a.jpg'))).toEqual({
      ok: true,
      value: undefined,
    })
    expect(shell.showItemInFolder).toHaveBeenCalledWith(join(dir, 'a.jpg'))
    const gone = await ports.shell.showInFolder(join(dir, 'gone.jpg'))
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(shell.showItemInFolder).toHaveBeenCalledOnce()
  })

  it('copies a path to the clipboard as it is, Chinese and spaces included', async () => {
    const { ports, clipboard } = setup({ canceled: true })
    expect(await ports.shell.copyPath('/home/ann/海边 照片.jpg')).toEqual({
      ok: true,
      value: undefined,
    })
    expect(clipboard.writeText).toHaveBeenCalledWith('/home/ann/海边 照片.jpg')
  })
})
