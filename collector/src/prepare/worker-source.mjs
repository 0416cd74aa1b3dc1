// The prepare thread's entry when claimcheck runs from its TypeScript sources (tests, `pnpm
// claimcheck`): a worker does not inherit the parent's loader, so it registers tsx itself. The
// compiled build has its own entry (prepare-worker.js, scripts/build-cli.js).
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
