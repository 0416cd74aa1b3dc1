import { fileURLToPath } from 'node:url'
import { InvalidArgumentError, type Command } from 'commander'
import type { Logger } from 'pino'
import type { DemoIdentity } from '@claimcheck/demo'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { commandContext } from '../context.ts'
import { addStoreOptions } from '../options.ts'
import type { Stoppable } from '../runtime.ts'
import { onAfterStart, onConfigure } from './serve-hooks.ts'

const DEMO_ALERTS_FILE = fileURLToPath(new URL('../../../demo/alerts.yaml', import.meta.url))

interface DemoFlags {
  rate: number
  noise: number
  scenario?: string[]
  duration?: number
  cycle?: number
  backfillDays: number
  backfillRate: number
  controlPort: number
  stopAfter?: number
}

const number = (min: number) => (value: string): number => {
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < min) throw new InvalidArgumentError(`expected a number ≥ ${min}`)
  return parsed
}
const fraction = (value: string): number => {
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new InvalidArgumentError('expected a fraction from 0 to 1')
  return parsed
}
const list = (value: string): string[] => value.split(',').map((item) => item.trim()).filter(Boolean)

function addDemoOptions(command: Command): Command {
  return command
    .option('--rate <n>', 'requests per second across all demo clients', number(0), 10)
    .option('--noise <fraction>', 'share of healthy requests that fail anyway (a stray expired token, a deleted user…), every cause in turn', fraction, 0.04)
    .option('--scenario <names>', 'scenarios switched on at start, comma separated (see --list-scenarios)', list)
    .option('--duration <seconds>', 'how long the --scenario ones last (default: until stopped)', number(1))
    .option('--cycle <seconds>', 'run every scenario in turn for this long (default 60 unless --scenario is given; 0 = off)', number(0))
    .option('--backfill-days <n>', 'first write this many days of synthetic history into the store', number(0), 0)
    .option('--backfill-rate <n>', 'mean calls per second of the backfilled history', number(0.01), 2)
    .option('--control-port <port>', 'port of the demo control endpoint (0 = a free one)', number(0), 0)
}

/** Adds `claimcheck demo` and `claimcheck start --demo`. */
export function registerDemoCommand(program: Command): void {
  const demo = program
    .command('demo')
    .description('run a demo IdP, user directory, API gateways and failure scenarios that send OTLP to a running claimcheck')
    .option('--endpoint <url>', 'OTLP/HTTP endpoint of claimcheck', 'http://127.0.0.1:4318')
    .option('--ingest-token <token>', 'bearer token for claimcheck ingest, when it requires one (env CLAIMCHECK_INGEST_TOKEN)', process.env.CLAIMCHECK_INGEST_TOKEN)
    .option('--list-scenarios', 'print the scenarios and the cause each produces, then exit')
    .option('--stop-after <seconds>', 'stop by itself after this long', number(1))
  addStoreOptions(addDemoOptions(demo)).action(async (options: DemoFlags & Record<string, unknown>) => {
    if (options.listScenarios) return void (await printScenarios())
    const { config, logger } = commandContext(options)
    // Loaded only when the demo runs, so `--help` stays fast (as serve.ts does).
    const { openMigratedStore, stopOnSignals } = await import('../runtime.ts')
    const parts: Stoppable[] = []
    if (options.backfillDays > 0) {
      // The embedded store allows one process: backfill before `start`, or use `start --demo --backfill-days`.
      const store = await openMigratedStore(config, logger)
      try {
        await runBackfill(store, config, options, logger)
      } finally {
        await store.close()
      }
    }
    const endpoint = String(options.endpoint)
    const token = options.ingestToken as string | undefined
    parts.push(await runDemo(options, endpoint, token, logger))
    stopOnSignals(parts, logger)
    if (options.stopAfter) setTimeout(() => process.kill(process.pid, 'SIGTERM'), options.stopAfter * 1000).unref()
  })

  const start = program.commands.find((command) => command.name() === 'start')
  if (!start) throw new Error('registerDemoCommand: register the start command first')
  addDemoOptions(start.option('--demo', 'also run the demo system, sending its telemetry to this claimcheck'))
  // The demo's IdP and directory start first: the troubleshooting settings point at their URLs.
  // The gateways and traffic wait until the collector listens, then use the same IdP and directory.
  let identity: DemoIdentity | undefined
  onConfigure(async (config, options) => {
    if (!options.demo) return { config }
    const { startDemoIdentity, withDemoSettings } = await import('@claimcheck/demo')
    const started = await startDemoIdentity()
    identity = started
    // The demo's own alert rules, expectations and subject directory, unless the user set their own.
    const configured = withDemoSettings(config, started.urls)
    return {
      config: configured.alerts.rulesFile ? configured : { ...configured, alerts: { ...configured.alerts, rulesFile: DEMO_ALERTS_FILE } },
      part: { name: 'demo identity', stop: () => started.stop() },
    }
  })
  onAfterStart(async ({ options, httpPort, store, config, logger }) => {
    if (!options.demo) return undefined
    const flags = options as unknown as DemoFlags
    if (flags.backfillDays > 0) await runBackfill(store, config, flags, logger)
    return runDemo(flags, `http://127.0.0.1:${httpPort}`, config.collector.authTokens[0], logger, identity)
  })
}

async function runBackfill(store: Store, config: Config, flags: DemoFlags, logger: Logger): Promise<void> {
  const { backfill } = await import('@claimcheck/demo')
  logger.info({ days: flags.backfillDays, rate: flags.backfillRate }, 'backfilling demo history')
  let lastLog = 0
  const result = await backfill(store, {
    days: flags.backfillDays, ratePerSecond: flags.backfillRate, classifier: config.classifier,
    onProgress: ({ rows, expected }) => {
      if (performance.now() - lastLog < 5_000) return
      lastLog = performance.now()
      logger.info(`backfill: ${rows.toLocaleString('en')} of ~${expected.toLocaleString('en')} calls`)
    },
  })
  logger.info({ rows: result.rows, failed: result.failed, incidents: result.incidents.length, seconds: Number(result.seconds.toFixed(1)) },
    `backfilled ${result.rows.toLocaleString('en')} calls in ${result.seconds.toFixed(1)} s`)
}

async function runDemo(flags: DemoFlags, endpoint: string, token: string | undefined, logger: Logger, identity?: DemoIdentity): Promise<Stoppable> {
  const { cycleScenarios, SCENARIO_NAMES, startDemo } = await import('@claimcheck/demo')
  const demo = await startDemo({
    otlpEndpoint: endpoint, rate: flags.rate, noiseRate: flags.noise, controlPort: flags.controlPort,
    ...(identity ? { identity } : {}),
    ...(token ? { otlpHeaders: { authorization: `Bearer ${token}` } } : {}),
    ...(flags.scenario ? { scenarios: flags.scenario } : {}),
    ...(flags.duration ? { scenarioDurationSeconds: flags.duration } : {}),
    onScenarioChange: ({ name, state }) => logger.info({ scenario: name }, `demo scenario ${name} ${state}`),
  })
  const cycleSeconds = flags.cycle ?? (flags.scenario ? 0 : 60)
  const stopCycle = cycleScenarios(demo.setScenario, SCENARIO_NAMES, cycleSeconds, (error) => logger.error({ err: error }, 'demo scenario failed'))
  logger.info({ ...demo.urls, rate: flags.rate, otlp: endpoint }, `demo running: ${flags.rate} requests/s to ${Object.keys(demo.urls.gateways).join(', ')}`)
  logger.info(`demo control: curl ${demo.urls.control}/scenarios · curl -X POST ${demo.urls.control}/scenarios/user-migration -H 'content-type: application/json' -d '{"durationSeconds":120}'`)
  return {
    name: 'demo',
    async stop() {
      stopCycle()
      await demo.stop()
    },
  }
}

async function printScenarios(): Promise<void> {
  const { SCENARIOS } = await import('@claimcheck/demo')
  for (const scenario of SCENARIOS) {
    const cause = [scenario.expected.cause, scenario.expected.detail].filter(Boolean).join('/')
    process.stdout.write(`${scenario.name.padEnd(22)} → ${cause.padEnd(28)} ${scenario.description}\n`)
  }
}
