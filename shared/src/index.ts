// Public surface of @claimcheck/shared: browser-safe (no Node built-ins, no I/O).
// Node-only parts (store factory, config loader, migration runner) live under `@claimcheck/shared/node`.
export { CAUSES, CauseSchema, StoredCauseSchema, type Cause, type StoredCause } from './taxonomy.ts'
export {
  CAUSE_INFO, isKnownCauseDetail, labelCause, labelCauseDetail, type CauseDetailInfo, type CauseInfo,
} from './taxonomy.ts'
export {
  CauseRuleSchema, RuleFileSchema, RuleMatchSchema, TextConditionSchema, checkRegex,
  type CauseRule, type CauseRuleInput, type RuleFile, type RuleMatch, type TextCondition,
} from './rules.ts'
export { TokenClaimsSchema, TokenFactsSchema, type TokenClaims, type TokenFacts } from './claims.ts'
export { TIME_CLAIMS, cleanToken, decodeBase64Url, decodeJwt, type JwtDecode, type TimeClaim } from './jwt/decode.ts'
export { CallFactsSchema, ClassificationSchema, type CallFacts, type Classification } from './call-facts.ts'
export {
  AuthExpectationSchema, ClassifierConfigSchema, CollectorConfigSchema, ConfigSchema, DashboardConfigSchema,
  RetentionConfigSchema, SECRET_CONFIG_PATHS, StoreConfigSchema, TelemetryConfigSchema,
  type AuthExpectation, type Config, type ConfigInput,
} from './config.ts'
export { ROLES, RoleSchema, roleAtLeast, type Role } from './auth/roles.ts'
export {
  ApiTokenEntrySchema, DEFAULT_TOKEN_ROLE, DashboardAuthConfigSchema, OutboundConfigSchema, ProxyAuthConfigSchema,
  type ApiTokenEntry, type DashboardAuthConfig, type OutboundConfig,
} from './auth/config.ts'
export {
  ApiTokenCreateSchema, ApiTokenCreatedSchema, ApiTokenListSchema, ApiTokenParamsSchema, ApiTokenSchema, type ApiToken,
  AuditLogEntrySchema, AuditLogQuerySchema, AuditLogResponseSchema, LoginRequestSchema, PasswordChangeSchema, PasswordSchema, PrincipalKindSchema,
  SessionInfoSchema, USER_NAME_RE, UserCreateSchema, UserListSchema, UserNameSchema, UserParamsSchema, UserSchema, UserUpdateSchema,
  type AuditLogEntry, type SessionInfo, type User, type UserCreate, type UserUpdate,
} from './auth/api.ts'
export { maskUrl, outboundRefusal } from './auth/urls.ts'
export { ALL_INTERFACES, LOOPBACK, collectorListenHost, dashboardListenHost, isLoopbackHost, type ListenChoice } from './auth/listen.ts'
export { csvCell, toCsv } from './csv.ts'
export {
  DEFAULT_BLOCKED_KEY_PATTERNS, DEFAULT_BLOCKED_VALUES, PLACEHOLDER_OPENING, REDACTED, REDACTED_JWT, REDACTION_PLACEHOLDERS, RedactionConfigSchema, startsWithPlaceholder, type RedactionConfig,
} from './redaction.ts'
export { GATEWAY_CALL_COLUMNS, GatewayCallSchema, toGatewayCallRow, type GatewayCall } from './gateway-call.ts'
export { CALL_ROLLUPS, OTEL_LOG_COLUMNS, OTEL_TRACE_COLUMNS, STAGING_TABLES, TABLES, TTL_COLUMNS, qualify, schemaContext, tableName, ttlClause, type DdlContext, type RawTableNames } from './schema/ddl.ts'
export { DISTRIBUTED_SUFFIX, qualifyRead, readTableName } from './schema/distributed.ts'
export { PRIVATE_TABLES } from './schema/auth-tables.ts'
export { MIGRATIONS, checksumMigration, createBookkeeping, type Migration } from './schema/migrations.ts'
export { schemaNames, type SchemaNames } from './schema/columns.ts'
export { ATTACH_MIGRATIONS, EXPORTER_TABLES } from './schema/attach.ts'
export { DEDUPLICATED_INSERT_SETTINGS, DEDUPLICATION_WINDOW } from './schema/durability.ts'
export { MERGE_SELECTOR_BASE, createMergeSettings } from './schema/merge-settings.ts'
export { AlertsConfigSchema } from './config.ts'
export {
  AlertConditionSchema, AlertRuleSchema, AlertTargetSchema, AlertsFileSchema, DurationSchema, GROUP_BY_FIELDS, GroupByFieldSchema,
  NotifierSchema, SEVERITIES, SilenceMatcherSchema, SilenceSchema, SpikeConditionSchema, TEMPLATE_VARIABLES, ThresholdConditionSchema,
  describeRuleIssues, formatDuration, notifierUrls, parseDuration, safeRegex, usesPrincipals,
  type AlertCondition, type AlertRule, type AlertRuleInput, type AlertTarget, type AlertsFile, type Duration, type GroupByField,
  type Notifier, type Silence, type SilenceMatcher, type SpikeCondition, type ThresholdCondition,
} from './alerts.ts'
export {
  ALERT_STATES, AlertHistoryEntrySchema, AlertHistoryListSchema, AlertHistoryQuerySchema, AlertInstanceSchema, AlertRuleListSchema, AlertRuleParamsSchema,
  AlertRuleViewSchema, AlertStateSchema, BACKTEST_RANGES, BacktestRequestSchema, BacktestResponseSchema, DeliveryListSchema, DeliveryQuerySchema,
  DeliveryRecordSchema, NotifierListSchema, NotifierViewSchema, RuleSourceSchema, SilenceCreateSchema, SilenceListSchema, SilenceParamsSchema,
  SilenceViewSchema,
  type AlertHistoryEntry, type AlertInstance, type AlertState, type AlertRuleList, type AlertRuleView, type BacktestRequest, type BacktestResponse,
  type DeliveryRecord, type NotifierView, type SilenceCreate,
} from './alerts/api.ts'
export { groupKeyOf, parseGroupKey, type GroupLabels } from './alerts/group-key.ts'
export { backoffCeiling, backoffDelay, type BackoffPolicy } from './retry/backoff.ts'
export {
  AppliedMigrationSchema, CollectorStatsSchema, HealthResponseSchema, HealthUnavailableSchema, IngestMinuteSchema, StatusResponseSchema,
  StoreHealthSchema, TableStorageSchema,
  type AppliedMigration, type CollectorStats, type HealthResponse, type HealthUnavailable, type IngestMinute, type StatusResponse, type StoreHealth,
  type TableStorage,
} from './api/status.ts'
export {
  BUCKETS, BUCKET_NAMES, MAX_AUTO_POINTS, MAX_POINTS, MAX_RANGE_MS, TimeRangeError, chooseBucket, isTimeExpression,
  parseTimeExpression, previousRange, resolveTimeRange, type Bucket, type QueryRange,
} from './api/time-range.ts'
export {
  CALL_SORTS, CallParamsSchema, CallSortSchema, CallsRequestSchema, CauseFilterSchema, DIMENSIONS, DimensionSchema,
  FiltersSchema, IdSchema, StatusFilterSchema, SubjectParamsSchema, SummaryRequestSchema, TimeseriesRequestSchema,
  TopRequestSchema, TraceParamsSchema, UnclassifiedRequestSchema, filteredDimensions, type CallSort, type CallsRequest,
  type CauseFilter, type Dimension, type Filters, type TopRequest, type UnclassifiedRequest,
} from './api/filters.ts'
export {
  EXCLUDE_PREFIX, FACET_DIMENSIONS, FacetDimensionSchema, FacetsRequestSchema, splitExcluded, type FacetDimension, type FacetsRequest,
} from './api/filters.ts'
export { FacetSchema, FacetsResponseSchema, type Facet, type FacetsResponse } from './api/responses.ts'
export {
  CallDetailSchema, CallSummarySchema, CallsPageSchema, ComparisonSchema, DecodedClaimsSchema, EvidenceSchema,
  LogRecordSchema, QueryMetaSchema, SOURCE_TABLES, SourceTableSchema, SpanSchema, SubjectHistorySchema,
  SummaryResponseSchema, TimeseriesPointSchema, TimeseriesResponseSchema, TopItemSchema, TopResponseSchema,
  TraceResponseSchema, UnclassifiedMessageSchema, UnclassifiedResponseSchema, type CallDetail, type CallSummary,
  type CallsPage, type Comparison, type DecodedClaims, type LogRecord, type QueryMeta, type SourceTable, type Span,
  type SubjectHistory, type SummaryResponse, type TimeseriesPoint, type TimeseriesResponse, type TopResponse,
  type TraceResponse, type UnclassifiedResponse,
} from './api/responses.ts'
export {
  AdhocColumnSchema, AdhocQueryRequestSchema, AdhocQueryResponseSchema, ApiErrorSchema, MAX_SQL_LENGTH,
  SavedQueryCreateSchema, SavedQueryListSchema, SavedQueryParamsSchema, SavedQuerySchema, SavedQueryUpdateSchema,
  SqlPositionSchema, type AdhocQueryRequest, type AdhocQueryResponse, type ApiError, type SavedQuery,
  type SavedQueryCreate, type SavedQueryUpdate, type SqlPosition,
} from './api/adhoc.ts'
export {
  ALLOWED_STATEMENTS, ALLOWED_TABLE_FUNCTIONS, AstDumpError, DENIED_FUNCTIONS, DENIED_FUNCTION_PREFIXES, READABLE_SYSTEM_TABLES,
  checkStatementAst, isDeniedFunction, isReadableTable, nameOf, parseAstDump, type AstNode, type SqlPolicy, type SqlRefusal,
} from './api/sql-guard.ts'
export { buildOpenApiDocument, SECURITY_SCHEMES } from './api/openapi.ts'
export { API_OPERATIONS, expressPath, servedPath, type Access, type ApiOperation, type NamedSchema, type OperationId } from './api/operations.ts'
export { SAVED_QUERIES_TABLE, createSavedQueries } from './schema/saved-queries.ts'
export {
  CLICKHOUSE_COLUMN_RE, CLICKHOUSE_NAME_RE, ClickHouseSubjectSourceSchema, FileSubjectSourceSchema, HttpSubjectSourceSchema, JwksConfigSchema,
  SubjectCacheConfigSchema, SubjectDirectoryConfigSchema, TroubleshootConfigSchema,
  type SubjectDirectoryConfig, type SubjectDirectoryConfigInput, type TroubleshootConfig,
} from './troubleshoot/config.ts'
export {
  DirectoryInfoSchema, SUBJECT_SOURCE_KINDS, SUBJECT_STATES, SubjectBatchRequestSchema, SubjectBatchResponseSchema, SubjectLookupParamsSchema,
  SubjectLookupQuerySchema, SubjectSourceKindSchema, SubjectStateSchema, SubjectVerdictSchema,
  type DirectoryInfo, type SubjectBatchRequest, type SubjectBatchResponse, type SubjectSourceKind, type SubjectState, type SubjectVerdict,
} from './troubleshoot/subjects.ts'
export {
  CHECK_STATUSES, CheckStatusSchema, ExpectationViewSchema, INSPECT_CHECKS, InspectCheckIdSchema, InspectCheckSchema, InspectRequestSchema,
  InspectResponseSchema, MAX_TOKEN_LENGTH,
  type CheckStatus, type ExpectationView, type InspectCheck, type InspectCheckId, type InspectRequest, type InspectResponse,
} from './troubleshoot/inspect.ts'
export {
  AuthConfigResponseSchema, AuthDriftResponseSchema, DRIFT_KINDS, DriftItemSchema, DriftKindSchema, JWKS_EVENT_KINDS, JwksEventSchema,
  JwksFetchSchema, JwksHealthResponseSchema, JwksKidSchema, JwksSourceHealthSchema,
  type AuthConfigResponse, type AuthDriftResponse, type DriftItem, type DriftKind, type JwksEvent, type JwksFetch, type JwksHealthResponse,
  type JwksKid, type JwksSourceHealth,
} from './troubleshoot/auth-config.ts'
export {
  AUDIT_KINDS, AUDIT_TITLES, AuditKindSchema, AuditParamsSchema, AuditRequestSchema, AuditResponseSchema, DeletedSubjectRowSchema,
  LongLifetimeRowSchema, NoRefreshRowSchema, RouteIssuersRowSchema, RouteValueSchema,
  type AuditKind, type AuditRequest, type AuditResponse, type DeletedSubjectRow, type LongLifetimeRow, type NoRefreshRow, type RouteIssuersRow,
} from './troubleshoot/audits.ts'
export {
  ANSWER_STATUSES, AnswerStatusSchema, PLAYBOOK_CHECKS, PLAYBOOK_CHECK_IDS, PlaybookAnswerSchema, PlaybookCallParamsSchema,
  PlaybookCauseParamsSchema, PlaybookCheckIdSchema, PlaybookResponseSchema, PlaybookStepSchema,
  type AnswerStatus, type PlaybookAnswer, type PlaybookCheckId, type PlaybookResponse, type PlaybookStep,
} from './troubleshoot/playbook.ts'
export { createJwksFetches } from './schema/troubleshoot-tables.ts'
export { isWellFormed, sliceWellFormed, toWellFormed } from './unicode.ts'
export { MessageTemplateSchema, TemplateExampleSchema, TemplateSampleSchema, type MessageTemplate, type TemplateSample } from './api/templates.ts'
export {
  RECLASSIFY_JOB_STATES, ReclassifyJobCreateSchema, ReclassifyJobListSchema, ReclassifyJobParamsSchema, ReclassifyJobSchema,
  USER_RULE_ACTIONS, UserRuleActionSchema, UserRuleCreateSchema, UserRuleDeleteSchema, UserRuleHistorySchema, UserRuleListSchema,
  UserRuleParamsSchema, UserRuleRestoreSchema, UserRuleSchema, UserRuleUpdateSchema, UserRuleVersionParamsSchema, UserRuleVersionSchema, UserRulesExportQuerySchema,
  type ReclassifyJob, type ReclassifyJobCreate, type UserRule, type UserRuleAction, type UserRuleCreate, type UserRuleHistory,
  type UserRuleRestore, type UserRuleUpdate, type UserRuleVersion,
} from './user-rules.ts'
export { USER_RULE_VERSIONS_TABLE, createUserRuleVersions } from './schema/user-rule-tables.ts'
