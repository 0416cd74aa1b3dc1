// Node-only parts of @claimcheck/shared: I/O at the edges (config files, ClickHouse).
export { describeError, StartupError } from './errors.ts'
export { lockDataDir, type DirLabel } from './dir-lock.ts'
export {
  DataFileError, createDataFileReloader, loadDataFile, parseDataFile, parseDataText, watchDataFile,
  type DataFileKind, type DataFileReloader, type Reload, type Validation, type WatchOptions,
} from './data-file.ts'
export { ENV_BINDINGS, formatConfigError, loadConfig, maskSecrets, type ConfigSources, type LoadedConfig } from './config-loader.ts'
export { DEFAULT_ADHOC_LIMITS, openStore, type AdhocLimits, type OpenStoreOptions, type Store, type StoreConfig } from './store.ts'
export { AdhocPoolBusyError, killEmbeddedQueries, type AdhocConnection, type AdhocPool } from './adhoc-pool.ts'
export { desiredTtls, runMigrations, type MigrationReport, type Retention } from './migrate.ts'
export { createBearerAuth } from './bearer-auth.ts'
export { assessStoreHealth, readStoreFacts, type StoreFacts, type WriteState } from './store-health.ts'
// The one way claimcheck builds SQL (pure, but only node code queries: kept out of the browser entry).
export {
  EMPTY, Fragment, alias, configuredIdent, ident, join, onClusterClause, param, qualifiedReadTable, qualifiedTable, renderSql, sql,
  storedViewSelect, type ParamType, type RenderedSql,
} from '../sql/template.ts'
export { readRows, runCommand, type ReadOptions } from '../sql/run.ts'
export { currentUserRulesQuery } from '../sql/user-rules.ts'
