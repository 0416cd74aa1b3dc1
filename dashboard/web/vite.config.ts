import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { precompress } from './build/precompress.ts'

// Development: `pnpm --filter @claimcheck/web dev` serves on :5173 and proxies the API to the
// dashboard server on :8080 (`pnpm start`). Production: `vite build` → dist/, served by the server.
const API_TARGET = process.env.CLAIMCHECK_API ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    port: 5173,
    // The server refuses changes from another origin (CSRF): the proxied requests present its own.
    proxy: { '/api': { target: API_TARGET, changeOrigin: true, headers: { origin: new URL(API_TARGET).origin } } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    // The initial route must stay small (docs/benchmarks.md): the SQL editor is a lazy chunk.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'charts', test: /node_modules[\\/](recharts|d3-|victory-vendor|@reduxjs|immer|reselect|redux|es-toolkit|decimal\.js)/ },
          ],
        },
      },
    },
  },
})
