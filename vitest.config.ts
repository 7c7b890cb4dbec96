import { availableParallelism } from 'node:os'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

/**
 * Unit files wait on I/O (file events, the emulator, SQLite) more than they compute, and vitest's
 * default (one worker per core, minus one) runs them one at a time on a 2-core machine. Measured
 * there, side by side under the same load: the watch and cli unit files took 209 s on 1 worker,
 * 132 s on 2 and 154 s on 3. Integration keeps the default: its files spawn processes.
 */
const unitWorkers = Math.max(2, availableParallelism() - 1)

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'shared',
          environment: 'node',
          maxWorkers: unitWorkers,
          include: ['src-shared/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'main',
          environment: 'node',
          maxWorkers: unitWorkers,
          include: ['src-main/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          maxWorkers: unitWorkers,
          include: ['src-renderer/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          // After the unit projects when one run has both: they use other worker counts.
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
