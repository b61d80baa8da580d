import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Child-process and keychain tests share the machine's 2 cores; keep the pool small.
    poolOptions: { forks: { maxForks: 2 } },
    pool: 'forks'
  }
})
