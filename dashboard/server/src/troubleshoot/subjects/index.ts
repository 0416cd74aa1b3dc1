import type { ClickHouseClient } from '@clickhouse/client'
import type { DirectoryInfo, OutboundConfig, SubjectDirectoryConfig } from '@claimcheck/shared'
import { createClickHouseSource } from './clickhouse-source.ts'
import { createCachedDirectory, type DirectoryLogger, type SubjectDirectory } from './directory.ts'
import { createFileSource } from './file-source.ts'
import { createHttpSource } from './http-source.ts'
import type { SubjectSource } from './source.ts'

export { createCachedDirectory, type CacheSettings, type SubjectDirectory } from './directory.ts'
export { explainVerdict } from './explain.ts'
export type { SubjectSource } from './source.ts'

export const NO_DIRECTORY: DirectoryInfo = { configured: false, kind: null, target: null, cache: null }

export interface DirectoryDeps {
  reader: ClickHouseClient
  logger?: DirectoryLogger
  clock?: () => number
  fetch?: typeof fetch
  /** Where an http directory may be called; a URL outside it is a start-up error. Default: any http(s) URL. */
  outbound?: OutboundConfig
}

/** The configured source of known subjects behind its cache; undefined when none is configured. */
export function createSubjectDirectory(config: SubjectDirectoryConfig | undefined, deps: DirectoryDeps): SubjectDirectory | undefined {
  if (!config) return undefined
  const source: SubjectSource =
    config.kind === 'file' ? createFileSource(config, deps.clock)
      : config.kind === 'clickhouse' ? createClickHouseSource(config, deps.reader)
        : createHttpSource(config, deps.fetch, deps.outbound)
  return createCachedDirectory(source, config.cache, { clock: deps.clock, logger: deps.logger })
}
