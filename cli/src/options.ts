import { Option, type Command } from 'commander'

/** Flags shared by every command, each mapped to the config key it sets. */
export const FLAG_PATHS: Record<string, string> = {
  dataDir: 'store.dataDir',
  clickhouseUrl: 'store.url',
  logLevel: 'logLevel',
  port: 'dashboard.port',
  host: 'dashboard.host',
  otlpHttpPort: 'collector.httpPort',
  otlpGrpcPort: 'collector.grpcPort',
  rulesFile: 'classifier.rulesFile',
}

export function addStoreOptions(command: Command): Command {
  return command
    .addOption(new Option('-c, --config <file>', 'YAML or JSON config file').env('CLAIMCHECK_CONFIG'))
    .option('--data-dir <dir>', 'data directory of the embedded ClickHouse (default ./data, env CLAIMCHECK_DATA_DIR)')
    .option('--clickhouse-url <url>', 'use a ClickHouse server instead of the embedded engine (env CLICKHOUSE_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (env CLAIMCHECK_LOG_LEVEL)')
}

export function addDashboardOptions(command: Command): Command {
  return command
    .option('-p, --port <port>', 'dashboard and query API port (default 8080, env CLAIMCHECK_PORT)')
    .option('--host <host>', 'address the dashboard listens on (default 0.0.0.0, env CLAIMCHECK_HOST)')
}

export function addCollectorOptions(command: Command): Command {
  return command
    .option('--otlp-http-port <port>', 'OTLP/HTTP port (default 4318, env CLAIMCHECK_OTLP_HTTP_PORT)')
    .option('--otlp-grpc-port <port>', 'OTLP/gRPC port (default 4317, env CLAIMCHECK_OTLP_GRPC_PORT)')
    .option('--rules-file <file>', 'user classification rules, YAML or JSON (env CLAIMCHECK_RULES_FILE)')
}

/** Turns parsed commander options into config-path overrides for `loadConfig`. */
export function toOverrides(options: Record<string, unknown>): Record<string, unknown> {
  const overrides: Record<string, unknown> = {}
  for (const [flag, path] of Object.entries(FLAG_PATHS)) {
    if (options[flag] !== undefined) overrides[path] = options[flag]
  }
  return overrides
}
