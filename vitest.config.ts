import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{shared,classifier,collector,dashboard,cli,demo,test}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/bench/**'],
    // libchdb binds one data directory per process: forks give each test file its own process.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
