import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { animatedGif } from '../../tests/fixtures/images'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'

let opened: TestCore
beforeEach(async () => {
  opened = await openAppCore({ host: 'cli', emulator: true })
})
afterEach(() => opened.close())

it('the frame hints in the settings reach Green, and a change is not answered from the cache', async () => {
  const { core, dir } = opened
  const emulator = opened.emulator!
  await core.store.settings.set({
    endpoint: emulator.endpoint,
    frameHints: { interval: 3, maxFrames: 9 },
  })
  const gif = join(dir, 'anim.gif')
  await writeFile(gif, await animatedGif(64, 48, 20))
  await core.addInputs([gif], 'green', ['porn'])
  await core.scan.whenSettled()
  expect(emulator.scans.at(-1)?.scan.tasks[0]).toMatchObject({ interval: 3, maxFrames: 9 })

  // Other frames are other evidence: the same GIF under new hints is judged again.
  await core.store.settings.set({ frameHints: { interval: 1, maxFrames: 4 } })
  await core.addInputs([join(dir, 'anim.gif')], 'green', ['porn'])
  await core.scan.whenSettled()
  expect(emulator.scans).toHaveLength(1)
  const copy = join(dir, 'anim-copy.gif')
  await writeFile(copy, await animatedGif(64, 48, 20))
  await core.addInputs([copy], 'green', ['porn'])
  await core.scan.whenSettled()
  expect(emulator.scans).toHaveLength(2)
  expect(emulator.scans.at(-1)?.scan.tasks[0]).toMatchObject({ interval: 1, maxFrames: 4 })
})
