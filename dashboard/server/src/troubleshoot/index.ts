import type { Logger } from 'pino'
import type { Config } from '@claimcheck/shared'
import type { Store } from '@claimcheck/shared/node'
import { jwksSources } from './auth-config/expectations.ts'
import { createInspector, type Inspector } from './inspect/inspector.ts'
import { createFetchLog } from './jwks/fetch-log.ts'
import { createKeySets, type KeySets } from './jwks/key-sets.ts'
import { createJwksMonitor, type JwksMonitor } from './jwks/monitor.ts'
import { createSubjectDirectory, type SubjectDirectory } from './subjects/index.ts'

export { troubleshootHandlers } from './routes.ts'
export type { SubjectDirectory } from './subjects/index.ts'

/** The troubleshooting assistant of one process: JWKS cache and history, subject directory, inspector. */
export interface Troubleshoot {
  config: Config
  keySets: KeySets
  directory: SubjectDirectory | undefined
  inspector: Inspector
  /** Polls the configured JWKS (`troubleshoot.jwks.pollSeconds`); not started: call `start()`. */
  monitor: JwksMonitor
  /** Resolves when recorded JWKS fetches are written. */
  settled(): Promise<void>
}

export interface TroubleshootDeps {
  store: Store
  config: Config
  logger: Logger
  fetch?: typeof fetch
}

export function createTroubleshoot({ store, config, logger, fetch: fetchImpl }: TroubleshootDeps): Troubleshoot {
  const log = logger.child({ component: 'troubleshoot' })
  const settings = config.troubleshoot
  const fetchLog = createFetchLog(store, log)
  const keySets = createKeySets({
    cacheSeconds: settings.jwks.cacheSeconds,
    cooldownSeconds: settings.jwks.cooldownSeconds,
    timeoutMs: settings.jwks.timeoutMs,
    fetchImpl,
    onFetch: (url, result) => fetchLog.record(url, result),
  })
  const directory = createSubjectDirectory(settings.subjects, { reader: store.reader, logger: log, fetch: fetchImpl, outbound: config.outbound })
  const expectations = config.classifier.expectations
  return {
    config,
    keySets,
    directory,
    inspector: createInspector({ expectations, clockSkewSeconds: config.classifier.clockSkewSeconds, keySets, directory }),
    monitor: createJwksMonitor(keySets, jwksSources(expectations).map((s) => s.url), settings.jwks.pollSeconds),
    settled: () => fetchLog.settled(),
  }
}
