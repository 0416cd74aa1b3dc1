// Development aid: the browser tests' seeded dashboard, kept running for manual checks.
// `pnpm exec tsx test/browser/serve-fixture.ts [webRoot]` (from test/), then open the URL. With a
// webRoot (e.g. ../dashboard/web/dist) it serves that build instead of building afresh.
import { resolve } from 'node:path'
import { startDashboardFixture } from './harness.ts'

const fixture = await startDashboardFixture({ webRoot: process.argv[2] ? resolve(process.argv[2]) : undefined })
console.log(`dashboard: ${fixture.url}  (unknown_sub call: /calls/${fixture.seeded.unknownSubCall.traceId}/${fixture.seeded.unknownSubCall.spanId})`)
console.log(JSON.stringify({ calls: fixture.seeded.calls, failures: fixture.seeded.failures, traces: fixture.seeded.traces }))
const stop = () => void fixture.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
