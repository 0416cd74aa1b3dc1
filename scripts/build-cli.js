// Compiles claimcheck's TypeScript (cli and the workspace packages it imports) into
// cli/dist/esm/ for production starts (`pnpm start`, the Docker image): measured against running
// the sources through tsx, a start is ready in 1.5 s instead of 2.3 s, spends 1.7 instead of
// 3.0 CPU-s getting there and idles at 356 instead of 408 MB RSS (docs/benchmarks.md). Tests and
// `pnpm claimcheck` keep tsx: no build step between an edit and a run.
//
// Only our own code is bundled. Every third-party import stays an import, of the file the
// importing package itself resolves to (pnpm gives each package its own dependencies), so native
// modules (chdb), worker-based transports (pino) and packages' own file loading work as they do
// from the sources.
import { performance } from 'node:perf_hooks'
import { build } from 'esbuild'

const root = new URL('..', import.meta.url).pathname
// At cli/dist/esm/, three levels below the repository like cli/src/commands/: the sources' paths
// relative to import.meta.url (the web build, the demo's alert rules) stay right.
// `--outdir <dir>` builds elsewhere (a test's copy of that layout).
const outFlag = process.argv.indexOf('--outdir')
const OUT_DIR = outFlag > 0 ? process.argv[outFlag + 1] : `${root}cli/dist/esm`

const started = performance.now()
await build({
  // The collector's prepare threads load their own entry (collector/src/prepare/prepare-threads.ts).
  entryPoints: { main: `${root}cli/src/main.ts`, 'prepare-worker': `${root}collector/src/prepare/worker.ts` },
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [{
    name: 'third-party-in-place',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('@claimcheck/') || args.path.startsWith('node:') || args.pluginData === 'resolving') return undefined
        const resolved = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' })
        if (resolved.errors.length > 0) return { errors: resolved.errors }
        return { path: resolved.path, external: true }
      })
    },
  }],
})
console.error(`claimcheck: compiled the server into ${OUT_DIR} in ${Math.round(performance.now() - started)} ms`)
