// Public surface of @claimcheck/shared: browser-safe (no Node built-ins, no I/O).
// Node-only parts (store factory, config loader, migration runner) live under `@claimcheck/shared/node`.
export { CAUSES, CauseSchema, StoredCauseSchema, type Cause, type StoredCause } from './taxonomy.ts'
export { TokenClaimsSchema, TokenFactsSchema, type TokenClaims, type TokenFacts } from './claims.ts'
export { CallFactsSchema, ClassificationSchema, type CallFacts, type Classification } from './call-facts.ts'
export {
  AuthExpectationSchema, ClassifierConfigSchema, CollectorConfigSchema, ConfigSchema, DashboardConfigSchema,
  RetentionConfigSchema, SECRET_CONFIG_PATHS, StoreConfigSchema, TelemetryConfigSchema,
  type AuthExpectation, type Config, type ConfigInput,
} from './config.ts'
export { GATEWAY_CALL_COLUMNS, GatewayCallSchema, toGatewayCallRow, type GatewayCall } from './gateway-call.ts'
export { OTEL_LOG_COLUMNS, OTEL_TRACE_COLUMNS, TABLES, TTL_COLUMNS, qualify, ttlClause, type DdlContext } from './schema/ddl.ts'
export { MIGRATIONS, checksumMigration, createBookkeeping, type Migration } from './schema/migrations.ts'
