import type { Command } from 'commander'
import { parseTimeExpression } from '@claimcheck/shared'
import { StartupError } from '@claimcheck/shared/node/config'
import { commandContext } from '../context.ts'
import { addStoreOptions } from '../options.ts'

function parseTime(flag: string, text: string, now: number): number {
  const value = parseTimeExpression(text, now)
  if (value === undefined) throw new StartupError(`--${flag} "${text}" is not a time: use now, now-24h, now-7d, an ISO date/time or epoch milliseconds`)
  return value
}

/** One line redrawn in place on a terminal, a plain line per window elsewhere (CI logs). */
function progressBar(): (done: number, total: number, calls: number, changed: number) => void {
  const tty = process.stderr.isTTY
  return (done, total, calls, changed) => {
    const width = 30
    const filled = Math.round((done / Math.max(1, total)) * width)
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} windows, ${calls.toLocaleString('en-US')} calls, ${changed.toLocaleString('en-US')} changed`
    process.stderr.write(tty ? `\r${line}` : `${line}\n`)
  }
}

export function registerReclassifyCommand(program: Command): void {
  const command = program
    .command('reclassify')
    .description('re-apply the current classification rules (built-in, rules file and stored user rules) to stored calls')
    .option('--from <time>', 'start: now-24h, an ISO date/time or epoch ms', 'now-24h')
    .option('--to <time>', 'end (default now-5m: leaves the minutes still being written alone)', 'now-5m')
    .option('--service <name>', 'only calls of this service')
    .option('--rules-file <file>', 'user classification rules, YAML or JSON (env CLAIMCHECK_RULES_FILE)')
    .option('--dry-run', 'count what would change, write nothing')
  addStoreOptions(command).action(async (options) => {
    const { config, logger } = commandContext(options)
    const now = Date.now()
    const fromMs = parseTime('from', options.from, now)
    const toMs = parseTime('to', options.to, now)
    if (toMs <= fromMs) throw new StartupError(`--to must be after --from (got ${new Date(fromMs).toISOString()} … ${new Date(toMs).toISOString()})`)
    const [{ openStore }, { createClassifier }, { loadStoredRules, reclassifyCalls }] = await Promise.all([import('@claimcheck/shared/node'), import('@claimcheck/classifier'), import('@claimcheck/collector')])
    const store = await openStore(config.store)
    // The rules the collector applies: built-in, the rules file and the rules stored from templates.
    // A store not yet migrated to the rules table has no stored rules.
    const stored = await loadStoredRules(store.writer, store.schema).catch((error: unknown) => {
      logger.warn({ err: error }, 'stored user rules could not be read; reclassifying without them')
      return { rules: [] }
    })
    const classifier = createClassifier({ config: config.classifier, rules: stored.rules, watch: false })
    const draw = progressBar()
    try {
      const result = await reclassifyCalls({
        client: store.writer, ctx: store.schema, reclassify: (row) => classifier.reclassify(row),
        fromMs, toMs, service: options.service, dryRun: options.dryRun,
        onProgress: (p) => draw(p.windowsDone, p.windowsTotal, p.calls, p.changed),
      })
      if (process.stderr.isTTY) process.stderr.write('\n')
      const verb = options.dryRun ? 'would change' : 'changed'
      logger.info({ calls: result.calls, changed: result.changed, transitions: result.transitions }, `reclassified ${result.calls} calls from ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()}: ${verb} ${result.changed}`)
      for (const [transition, count] of Object.entries(result.transitions).sort((a, b) => b[1] - a[1])) {
        process.stdout.write(`  ${transition}: ${count}\n`)
      }
    } finally {
      classifier.close()
      await store.close()
    }
  })
}
