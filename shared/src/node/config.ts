// The light Node-only entry: config loading and start-up errors, without the ClickHouse engine,
// so commands that only read configuration start fast.
export { describeError, StartupError } from './errors.ts'
export { ENV_BINDINGS, formatConfigError, loadConfig, maskSecrets, type ConfigSources, type LoadedConfig } from './config-loader.ts'
