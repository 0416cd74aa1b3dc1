import { z } from 'zod'
import { AlertRuleSchema, SilenceSchema } from '../alerts.ts'
import {
  AlertHistoryListSchema, AlertHistoryQuerySchema, AlertRuleListSchema, AlertRuleParamsSchema, AlertRuleViewSchema, BacktestRequestSchema,
  BacktestResponseSchema, DeliveryListSchema, DeliveryQuerySchema, NotifierListSchema, SilenceCreateSchema, SilenceListSchema, SilenceParamsSchema,
} from '../alerts/api.ts'
import type { Role } from '../auth/roles.ts'
import {
  ApiTokenCreateSchema, ApiTokenCreatedSchema, ApiTokenListSchema, ApiTokenParamsSchema, AuditLogQuerySchema, AuditLogResponseSchema, LoginRequestSchema,
  PasswordChangeSchema, SessionInfoSchema, UserCreateSchema, UserListSchema, UserParamsSchema, UserSchema, UserUpdateSchema,
} from '../auth/api.ts'
import { AuditParamsSchema, AuditRequestSchema, AuditResponseSchema } from '../troubleshoot/audits.ts'
import { AuthConfigResponseSchema, AuthDriftResponseSchema, JwksHealthResponseSchema } from '../troubleshoot/auth-config.ts'
import { InspectRequestSchema, InspectResponseSchema } from '../troubleshoot/inspect.ts'
import { PlaybookCallParamsSchema, PlaybookCauseParamsSchema, PlaybookResponseSchema } from '../troubleshoot/playbook.ts'
import {
  DirectoryInfoSchema, SubjectBatchRequestSchema, SubjectBatchResponseSchema, SubjectLookupParamsSchema, SubjectLookupQuerySchema, SubjectVerdictSchema,
} from '../troubleshoot/subjects.ts'
import {
  ReclassifyJobCreateSchema, ReclassifyJobListSchema, ReclassifyJobParamsSchema, ReclassifyJobSchema, UserRuleCreateSchema, UserRuleDeleteSchema,
  UserRuleHistorySchema, UserRuleListSchema, UserRuleParamsSchema, UserRuleRestoreSchema, UserRulesExportQuerySchema, UserRuleUpdateSchema, UserRuleVersionSchema,
} from '../user-rules.ts'
import {
  AdhocQueryRequestSchema, AdhocQueryResponseSchema, SavedQueryCreateSchema, SavedQueryListSchema, SavedQueryParamsSchema, SavedQuerySchema,
  SavedQueryUpdateSchema,
} from './adhoc.ts'
import {
  CallParamsSchema, CallsRequestSchema, FacetsRequestSchema, FiltersSchema, SubjectParamsSchema, SummaryRequestSchema, TimeseriesRequestSchema,
  TopRequestSchema, TraceParamsSchema, UnclassifiedRequestSchema,
} from './filters.ts'
import {
  CallDetailSchema, CallsPageSchema, FacetsResponseSchema, SubjectHistorySchema, SummaryResponseSchema, TimeseriesResponseSchema, TopResponseSchema,
  TraceResponseSchema, UnclassifiedResponseSchema,
} from './responses.ts'
import { HealthResponseSchema, HealthUnavailableSchema, StatusResponseSchema } from './status.ts'

/** `public`: no sign-in needed; otherwise the least role of the caller. */
export type Access = 'public' | Role

export interface NamedSchema { name: string; schema: z.ZodType; status?: number }

/**
 * One HTTP operation of the dashboard server. The Express routes, the route policy (who may call
 * it, whether the audit log records it) and the OpenAPI document are all derived from this table.
 */
export interface ApiOperation {
  /** The OpenAPI operationId; also the key of the operation's handler. */
  id: string
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Under `base`, OpenAPI style (`/calls/{traceId}/{spanId}`). */
  path: string
  /** Where `path` is mounted; default `/api/v1`. */
  base?: '/api' | ''
  summary: string
  access: Access
  /** Alters state: the audit log records it. */
  change?: true
  query?: z.ZodObject
  params?: z.ZodObject
  body?: z.ZodType
  /** Named JSON response schema; absent for 204 or a `media` answer. */
  response?: NamedSchema
  /** Other answers than errors (503 of `/api/health`). */
  alternatives?: readonly NamedSchema[]
  /** A non-JSON answer: its media type. */
  media?: string
  /** Also answers with a CSV file (`Content-Disposition: attachment`). */
  download?: true
}

const named = (name: string, schema: z.ZodType, status?: number): NamedSchema => ({ name, schema, ...(status ? { status } : {}) })
const OpenApiDocumentSchema = z.record(z.string(), z.unknown())

export const API_OPERATIONS = [
  { id: 'getHealth', method: 'get', base: '/api', path: '/health', access: 'public', summary: 'Liveness and store health (503 when the store does not answer)', response: named('HealthResponse', HealthResponseSchema), alternatives: [named('HealthUnavailable', HealthUnavailableSchema, 503)] },
  { id: 'getMetrics', method: 'get', base: '', path: '/metrics', access: 'viewer', summary: 'Prometheus metrics of this process (a viewer API token as the bearer; loopback may be allowed without)', media: 'text/plain; version=0.0.4' },
  { id: 'getOpenApi', method: 'get', path: '/openapi.json', access: 'viewer', summary: 'This OpenAPI document', response: named('OpenApiDocument', OpenApiDocumentSchema) },
  { id: 'getStatus', method: 'get', path: '/status', access: 'viewer', summary: 'Storage per table, migrations, ingest per minute, collector counters and store health', response: named('StatusResponse', StatusResponseSchema) },
  // Sign-in and out; the session route tells the dashboard who is signed in (401 when nobody).
  { id: 'login', method: 'post', path: '/auth/login', access: 'public', summary: 'Sign in with a password: sets the session cookie, answers with the CSRF token', body: LoginRequestSchema, response: named('SessionInfo', SessionInfoSchema) },
  { id: 'logout', method: 'post', path: '/auth/logout', access: 'public', summary: 'Sign out: ends the session' },
  { id: 'getSession', method: 'get', path: '/auth/session', access: 'viewer', summary: 'Who is signed in, with which role', response: named('SessionInfo', SessionInfoSchema) },
  { id: 'changePassword', method: 'put', path: '/auth/password', access: 'viewer', change: true, summary: 'Change your own password', body: PasswordChangeSchema },
  // Reading: every page of the dashboard, ad hoc SQL, the inspector and directory look-ups.
  { id: 'getSummary', method: 'get', path: '/summary', access: 'viewer', summary: 'Calls, failures, failure rate and failures per cause, against the previous period', query: SummaryRequestSchema, response: named('SummaryResponse', SummaryResponseSchema) },
  { id: 'getTimeseries', method: 'get', path: '/timeseries', access: 'viewer', summary: 'Calls and failures by cause per time bucket, zero-filled', query: TimeseriesRequestSchema, response: named('TimeseriesResponse', TimeseriesResponseSchema) },
  { id: 'getTop', method: 'get', path: '/top', access: 'viewer', summary: 'Top values of a dimension by failures or calls', query: TopRequestSchema, response: named('TopResponse', TopResponseSchema) },
  { id: 'listCalls', method: 'get', path: '/calls', access: 'viewer', summary: 'Calls, newest first (or by duration), with cursor pagination and message search', query: CallsRequestSchema, response: named('CallsPage', CallsPageSchema) },
  { id: 'getCallsHistogram', method: 'get', path: '/calls/histogram', access: 'viewer', summary: 'Matching calls and failures per time bucket, counted on the raw table (what the list shows)', query: TimeseriesRequestSchema, response: named('TimeseriesResponse', TimeseriesResponseSchema) },
  { id: 'getCallFacets', method: 'get', path: '/calls/facets', access: 'viewer', summary: 'The most frequent values of several dimensions among the matching calls', query: FacetsRequestSchema, response: named('FacetsResponse', FacetsResponseSchema) },
  { id: 'getCall', method: 'get', path: '/calls/{traceId}/{spanId}', access: 'viewer', summary: 'One call: the row, decoded claims, evidence and its log records', params: CallParamsSchema, response: named('CallDetail', CallDetailSchema) },
  { id: 'getTrace', method: 'get', path: '/traces/{traceId}', access: 'viewer', summary: 'Every span of a trace, its log records and gateway calls', params: TraceParamsSchema, response: named('TraceResponse', TraceResponseSchema) },
  { id: 'getSubjectHistory', method: 'get', path: '/subjects/{subject}', access: 'viewer', summary: 'A subject: first seen, last success, last failure, failures by cause over time', params: SubjectParamsSchema, query: FiltersSchema, response: named('SubjectHistory', SubjectHistorySchema) },
  { id: 'getUnclassified', method: 'get', path: '/unclassified', access: 'viewer', summary: 'Most frequent messages of calls classified `other`, and their templates', query: UnclassifiedRequestSchema, response: named('UnclassifiedResponse', UnclassifiedResponseSchema) },
  { id: 'runQuery', method: 'post', path: '/query', access: 'viewer', summary: 'Run read-only ad hoc SQL (JSON, or a CSV/JSON download)', body: AdhocQueryRequestSchema, response: named('AdhocQueryResponse', AdhocQueryResponseSchema), download: true },
  { id: 'listSavedQueries', method: 'get', path: '/saved-queries', access: 'viewer', summary: 'List saved queries', response: named('SavedQueryList', SavedQueryListSchema) },
  { id: 'getSavedQuery', method: 'get', path: '/saved-queries/{id}', access: 'viewer', summary: 'One saved query', params: SavedQueryParamsSchema, response: named('SavedQuery', SavedQuerySchema) },
  { id: 'inspectToken', method: 'post', path: '/inspect', access: 'viewer', summary: 'Check a JWT against the configured issuers, JWKS, audiences, times, scopes and subject directory (never stored or logged)', body: InspectRequestSchema, response: named('InspectResponse', InspectResponseSchema) },
  { id: 'getDirectory', method: 'get', path: '/directory', access: 'viewer', summary: 'The subject directory: kind, target and cache figures', response: named('DirectoryInfo', DirectoryInfoSchema) },
  { id: 'lookUpSubject', method: 'get', path: '/directory/subjects/{subject}', access: 'viewer', summary: 'What the subject directory says about a sub', params: SubjectLookupParamsSchema, query: SubjectLookupQuerySchema, response: named('SubjectVerdict', SubjectVerdictSchema) },
  { id: 'lookUpSubjects', method: 'post', path: '/directory/lookup', access: 'viewer', summary: 'Look up to 100 subjects in the subject directory', body: SubjectBatchRequestSchema, response: named('SubjectBatchResponse', SubjectBatchResponseSchema) },
  { id: 'getAuthConfig', method: 'get', path: '/auth-config', access: 'viewer', summary: 'The expected auth configuration per service/route', response: named('AuthConfigResponse', AuthConfigResponseSchema) },
  { id: 'getAuthDrift', method: 'get', path: '/auth-config/drift', access: 'viewer', summary: 'Where traffic disagrees with the expected auth configuration', query: FiltersSchema, response: named('AuthDriftResponse', AuthDriftResponseSchema) },
  { id: 'getJwksHealth', method: 'get', path: '/auth-config/jwks', access: 'viewer', summary: 'JWKS health: fetch failures and the kid rotation timeline', query: FiltersSchema, response: named('JwksHealthResponse', JwksHealthResponseSchema) },
  // "Check now" fetches the configured JWKS URLs only: a read with a side effect on caches.
  { id: 'refreshJwks', method: 'post', path: '/auth-config/jwks/refresh', access: 'viewer', summary: 'Fetch every configured JWKS now, then answer with their health', query: FiltersSchema, response: named('JwksHealthResponse', JwksHealthResponseSchema) },
  { id: 'getAudit', method: 'get', path: '/audits/{kind}', access: 'viewer', summary: 'An audit report (JSON, or CSV with format=csv)', params: AuditParamsSchema, query: AuditRequestSchema, response: named('AuditResponse', AuditResponseSchema), download: true },
  { id: 'getCausePlaybook', method: 'get', path: '/playbooks/causes/{cause}', access: 'viewer', summary: 'A cause\'s playbook, its checks answered from the data of the range', params: PlaybookCauseParamsSchema, query: FiltersSchema, response: named('PlaybookResponse', PlaybookResponseSchema) },
  { id: 'getCallPlaybook', method: 'get', path: '/playbooks/calls/{traceId}/{spanId}', access: 'viewer', summary: 'The playbook of one failed call, answered for that call', params: PlaybookCallParamsSchema, response: named('PlaybookResponse', PlaybookResponseSchema) },
  { id: 'listAlertRules', method: 'get', path: '/alerts/rules', access: 'viewer', summary: 'Alert rules (file rules read-only) with their instances, state and last hour', response: named('AlertRuleList', AlertRuleListSchema) },
  { id: 'getAlertRule', method: 'get', path: '/alerts/rules/{name}', access: 'viewer', summary: 'One alert rule with its instances', params: AlertRuleParamsSchema, response: named('AlertRuleView', AlertRuleViewSchema) },
  { id: 'backtestAlertRule', method: 'post', path: '/alerts/backtest', access: 'viewer', summary: 'Replay a rule as edited over a past range: when it would have fired', body: BacktestRequestSchema, response: named('BacktestResponse', BacktestResponseSchema) },
  { id: 'listAlertHistory', method: 'get', path: '/alerts/history', access: 'viewer', summary: 'Alert state changes, newest first', query: AlertHistoryQuerySchema, response: named('AlertHistoryList', AlertHistoryListSchema) },
  { id: 'listAlertDeliveries', method: 'get', path: '/alerts/notifications', access: 'viewer', summary: 'Notification deliveries (sent, failed, silenced), newest first', query: DeliveryQuerySchema, response: named('DeliveryList', DeliveryListSchema) },
  { id: 'listNotifiers', method: 'get', path: '/alerts/notifiers', access: 'viewer', summary: 'Configured notifiers (URLs reduced to their origin, header values masked)', response: named('NotifierList', NotifierListSchema) },
  { id: 'listSilences', method: 'get', path: '/alerts/silences', access: 'viewer', summary: 'Silences, with whether each is active now', response: named('SilenceList', SilenceListSchema) },
  { id: 'getUserRulesExport', method: 'get', path: '/user-rules/export', access: 'viewer', summary: 'The stored rules as a rules file (YAML; `download` makes it an attachment)', query: UserRulesExportQuerySchema, media: 'application/yaml' },
  { id: 'listUserRules', method: 'get', path: '/user-rules', access: 'viewer', summary: 'Stored user rules: each one\'s newest version', response: named('UserRuleList', UserRuleListSchema) },
  { id: 'getUserRuleHistory', method: 'get', path: '/user-rules/{id}/history', access: 'viewer', summary: 'Every version of a stored rule, newest first', params: UserRuleParamsSchema, response: named('UserRuleHistory', UserRuleHistorySchema) },
  { id: 'listReclassifyJobs', method: 'get', path: '/reclassify-jobs', access: 'viewer', summary: 'Recent reclassify jobs, newest first', response: named('ReclassifyJobList', ReclassifyJobListSchema) },
  { id: 'getReclassifyJob', method: 'get', path: '/reclassify-jobs/{id}', access: 'viewer', summary: 'A reclassify job and its progress', params: ReclassifyJobParamsSchema, response: named('ReclassifyJob', ReclassifyJobSchema) },
  // Editing: saved queries, alert rules, silences, classification rules made from templates.
  { id: 'createUserRule', method: 'post', path: '/user-rules', access: 'editor', change: true, summary: 'Store a user rule made from a template (or given whole)', body: UserRuleCreateSchema, response: named('UserRuleVersion', UserRuleVersionSchema, 201) },
  { id: 'updateUserRule', method: 'patch', path: '/user-rules/{id}', access: 'editor', change: true, summary: 'Change a stored rule (a new version; 409 when baseVersion is stale)', params: UserRuleParamsSchema, body: UserRuleUpdateSchema, response: named('UserRuleVersion', UserRuleVersionSchema) },
  { id: 'deleteUserRule', method: 'delete', path: '/user-rules/{id}', access: 'editor', change: true, summary: 'Delete a stored rule (a new version; the history stays)', params: UserRuleParamsSchema, body: UserRuleDeleteSchema, response: named('UserRuleVersion', UserRuleVersionSchema) },
  { id: 'restoreUserRule', method: 'post', path: '/user-rules/{id}/restore', access: 'editor', change: true, summary: 'Make an earlier version current again, as a new version', params: UserRuleParamsSchema, body: UserRuleRestoreSchema, response: named('UserRuleVersion', UserRuleVersionSchema) },
  { id: 'startReclassifyJob', method: 'post', path: '/reclassify-jobs', access: 'editor', change: true, summary: 'Re-apply the current rules to the stored calls of a range, in the background', body: ReclassifyJobCreateSchema, response: named('ReclassifyJob', ReclassifyJobSchema, 202) },
  { id: 'cancelReclassifyJob', method: 'post', path: '/reclassify-jobs/{id}/cancel', access: 'editor', change: true, summary: 'Stop a reclassify job before its next window', params: ReclassifyJobParamsSchema, response: named('ReclassifyJob', ReclassifyJobSchema) },
  { id: 'createSavedQuery', method: 'post', path: '/saved-queries', access: 'editor', change: true, summary: 'Save a query', body: SavedQueryCreateSchema, response: named('SavedQuery', SavedQuerySchema, 201) },
  { id: 'updateSavedQuery', method: 'patch', path: '/saved-queries/{id}', access: 'editor', change: true, summary: 'Change a saved query', params: SavedQueryParamsSchema, body: SavedQueryUpdateSchema, response: named('SavedQuery', SavedQuerySchema) },
  { id: 'replaceSavedQuery', method: 'put', path: '/saved-queries/{id}', access: 'editor', change: true, summary: 'Change a saved query (same as PATCH)', params: SavedQueryParamsSchema, body: SavedQueryUpdateSchema, response: named('SavedQuery', SavedQuerySchema) },
  { id: 'deleteSavedQuery', method: 'delete', path: '/saved-queries/{id}', access: 'editor', change: true, summary: 'Delete a saved query', params: SavedQueryParamsSchema },
  { id: 'createAlertRule', method: 'post', path: '/alerts/rules', access: 'editor', change: true, summary: 'Create an alert rule', body: AlertRuleSchema, response: named('AlertRuleView', AlertRuleViewSchema, 201) },
  { id: 'updateAlertRule', method: 'put', path: '/alerts/rules/{name}', access: 'editor', change: true, summary: 'Replace an alert rule (not a file rule; the name stays)', params: AlertRuleParamsSchema, body: AlertRuleSchema, response: named('AlertRuleView', AlertRuleViewSchema) },
  { id: 'deleteAlertRule', method: 'delete', path: '/alerts/rules/{name}', access: 'editor', change: true, summary: 'Delete an alert rule (not a file rule)', params: AlertRuleParamsSchema },
  { id: 'createSilence', method: 'post', path: '/alerts/silences', access: 'editor', change: true, summary: 'Silence the alerts matching the matchers, until endsAt or for a duration', body: SilenceCreateSchema, response: named('Silence', SilenceSchema, 201) },
  { id: 'expireSilence', method: 'delete', path: '/alerts/silences/{id}', access: 'editor', change: true, summary: 'End a silence now', params: SilenceParamsSchema },
  // Administration: users, API tokens and the audit log.
  { id: 'listUsers', method: 'get', path: '/users', access: 'admin', summary: 'Local users (admin)', response: named('UserList', UserListSchema) },
  { id: 'createUser', method: 'post', path: '/users', access: 'admin', change: true, summary: 'Create a local user (admin)', body: UserCreateSchema, response: named('User', UserSchema, 201) },
  { id: 'updateUser', method: 'patch', path: '/users/{name}', access: 'admin', change: true, summary: 'Change a user\'s role, password or disabled flag (admin)', params: UserParamsSchema, body: UserUpdateSchema, response: named('User', UserSchema) },
  { id: 'deleteUser', method: 'delete', path: '/users/{name}', access: 'admin', change: true, summary: 'Delete a user (admin)', params: UserParamsSchema },
  { id: 'listAuditLog', method: 'get', path: '/audit-log', access: 'admin', summary: 'Changes and sign-ins, newest first (admin)', query: AuditLogQuerySchema, response: named('AuditLogResponse', AuditLogResponseSchema) },
  { id: 'listTokens', method: 'get', path: '/tokens', access: 'admin', summary: 'API tokens made by admins (never the token itself)', response: named('ApiTokenList', ApiTokenListSchema) },
  { id: 'createToken', method: 'post', path: '/tokens', access: 'admin', change: true, summary: 'Make an API token with a role (admin); the token is in this answer only', body: ApiTokenCreateSchema, response: named('ApiTokenCreated', ApiTokenCreatedSchema, 201) },
  { id: 'revokeToken', method: 'delete', path: '/tokens/{id}', access: 'admin', change: true, summary: 'Revoke an API token (admin)', params: ApiTokenParamsSchema },
] as const satisfies readonly ApiOperation[]

export type OperationId = (typeof API_OPERATIONS)[number]['id']

/** The path as served (`/api/v1/calls/{traceId}/{spanId}`). */
export function servedPath(operation: Pick<ApiOperation, 'base' | 'path'>): string {
  return `${operation.base ?? '/api/v1'}${operation.path}`
}

/** The path in Express syntax (`/api/v1/calls/:traceId/:spanId`). */
export function expressPath(operation: Pick<ApiOperation, 'base' | 'path'>): string {
  return servedPath(operation).replace(/\{(\w+)\}/g, ':$1')
}
