import { z } from 'zod'
import {
  AdhocQueryRequestSchema, AdhocQueryResponseSchema, ApiErrorSchema, SavedQueryCreateSchema, SavedQueryListSchema,
  SavedQueryParamsSchema, SavedQuerySchema, SavedQueryUpdateSchema,
} from './adhoc.ts'
import {
  CallParamsSchema, CallsRequestSchema, FiltersSchema, SubjectParamsSchema, SummaryRequestSchema, TimeseriesRequestSchema,
  TopRequestSchema, TraceParamsSchema, UnclassifiedRequestSchema, FacetsRequestSchema,
} from './filters.ts'
import {
  CallDetailSchema, CallsPageSchema, SubjectHistorySchema, SummaryResponseSchema, TimeseriesResponseSchema,
  TopResponseSchema, TraceResponseSchema, UnclassifiedResponseSchema, FacetsResponseSchema,
} from './responses.ts'
import {
  ApiTokenCreateSchema, ApiTokenCreatedSchema, ApiTokenListSchema, ApiTokenParamsSchema, AuditLogQuerySchema, AuditLogResponseSchema, LoginRequestSchema, PasswordChangeSchema, SessionInfoSchema, UserCreateSchema, UserListSchema,
  UserParamsSchema, UserSchema, UserUpdateSchema,
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
  UserRuleHistorySchema, UserRuleListSchema, UserRuleParamsSchema, UserRuleRestoreSchema, UserRuleUpdateSchema, UserRuleVersionSchema,
} from '../user-rules.ts'

/**
 * The query API described once, from the same zod schemas the server validates with: the
 * OpenAPI 3.1 document at `/api/v1/openapi.json` is generated from this table.
 */
export interface ApiEndpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Under `/api/v1`, OpenAPI style (`/calls/{traceId}/{spanId}`). */
  path: string
  summary: string
  query?: z.ZodObject
  params?: z.ZodObject
  body?: z.ZodType
  /** Named response schema; absent for 204. */
  response?: { name: string; schema: z.ZodType; status?: number }
  /** Also answers with a file (`Content-Disposition: attachment`). */
  download?: boolean
}

const named = (name: string, schema: z.ZodType, status?: number) => ({ name, schema, ...(status ? { status } : {}) })

export const API_ENDPOINTS: readonly ApiEndpoint[] = [
  { method: 'get', path: '/summary', summary: 'Calls, failures, failure rate and failures per cause, against the previous period', query: SummaryRequestSchema, response: named('SummaryResponse', SummaryResponseSchema) },
  { method: 'get', path: '/timeseries', summary: 'Calls and failures by cause per time bucket, zero-filled', query: TimeseriesRequestSchema, response: named('TimeseriesResponse', TimeseriesResponseSchema) },
  { method: 'get', path: '/top', summary: 'Top values of a dimension by failures or calls', query: TopRequestSchema, response: named('TopResponse', TopResponseSchema) },
  { method: 'get', path: '/calls', summary: 'Calls, newest first (or by duration), with cursor pagination and message search', query: CallsRequestSchema, response: named('CallsPage', CallsPageSchema) },
  { method: 'get', path: '/calls/histogram', summary: 'Matching calls and failures per time bucket, counted on the raw table (what the list shows)', query: TimeseriesRequestSchema, response: named('TimeseriesResponse', TimeseriesResponseSchema) },
  { method: 'get', path: '/calls/facets', summary: 'The most frequent values of several dimensions among the matching calls', query: FacetsRequestSchema, response: named('FacetsResponse', FacetsResponseSchema) },
  { method: 'get', path: '/calls/{traceId}/{spanId}', summary: 'One call: the row, decoded claims, evidence and its log records', params: CallParamsSchema, response: named('CallDetail', CallDetailSchema) },
  { method: 'get', path: '/traces/{traceId}', summary: 'Every span of a trace, its log records and gateway calls', params: TraceParamsSchema, response: named('TraceResponse', TraceResponseSchema) },
  { method: 'get', path: '/subjects/{subject}', summary: 'A subject: first seen, last success, last failure, failures by cause over time', params: SubjectParamsSchema, query: FiltersSchema, response: named('SubjectHistory', SubjectHistorySchema) },
  { method: 'get', path: '/unclassified', summary: 'Most frequent messages of calls classified `other`, and their templates', query: UnclassifiedRequestSchema, response: named('UnclassifiedResponse', UnclassifiedResponseSchema) },
  { method: 'post', path: '/query', summary: 'Run read-only ad hoc SQL (JSON, or a CSV/JSON download)', body: AdhocQueryRequestSchema, response: named('AdhocQueryResponse', AdhocQueryResponseSchema), download: true },
  { method: 'get', path: '/saved-queries', summary: 'List saved queries', response: named('SavedQueryList', SavedQueryListSchema) },
  { method: 'post', path: '/saved-queries', summary: 'Save a query', body: SavedQueryCreateSchema, response: named('SavedQuery', SavedQuerySchema, 201) },
  { method: 'get', path: '/saved-queries/{id}', summary: 'One saved query', params: SavedQueryParamsSchema, response: named('SavedQuery', SavedQuerySchema) },
  { method: 'patch', path: '/saved-queries/{id}', summary: 'Change a saved query (PUT does the same)', params: SavedQueryParamsSchema, body: SavedQueryUpdateSchema, response: named('SavedQuery', SavedQuerySchema) },
  { method: 'delete', path: '/saved-queries/{id}', summary: 'Delete a saved query', params: SavedQueryParamsSchema },
  { method: 'get', path: '/user-rules', summary: 'Stored user rules: each one\'s newest version', response: named('UserRuleList', UserRuleListSchema) },
  { method: 'post', path: '/user-rules', summary: 'Store a user rule made from a template (or given whole)', body: UserRuleCreateSchema, response: named('UserRuleVersion', UserRuleVersionSchema, 201) },
  { method: 'patch', path: '/user-rules/{id}', summary: 'Change a stored rule (a new version; 409 when baseVersion is stale)', params: UserRuleParamsSchema, body: UserRuleUpdateSchema, response: named('UserRuleVersion', UserRuleVersionSchema) },
  { method: 'delete', path: '/user-rules/{id}', summary: 'Delete a stored rule (a new version; the history stays)', params: UserRuleParamsSchema, body: UserRuleDeleteSchema, response: named('UserRuleVersion', UserRuleVersionSchema) },
  { method: 'get', path: '/user-rules/{id}/history', summary: 'Every version of a stored rule, newest first', params: UserRuleParamsSchema, response: named('UserRuleHistory', UserRuleHistorySchema) },
  { method: 'post', path: '/user-rules/{id}/restore', summary: 'Make an earlier version current again, as a new version', params: UserRuleParamsSchema, body: UserRuleRestoreSchema, response: named('UserRuleVersion', UserRuleVersionSchema) },
  { method: 'get', path: '/reclassify-jobs', summary: 'Recent reclassify jobs, newest first', response: named('ReclassifyJobList', ReclassifyJobListSchema) },
  { method: 'post', path: '/reclassify-jobs', summary: 'Re-apply the current rules to the stored calls of a range, in the background', body: ReclassifyJobCreateSchema, response: named('ReclassifyJob', ReclassifyJobSchema, 202) },
  { method: 'get', path: '/reclassify-jobs/{id}', summary: 'A reclassify job and its progress', params: ReclassifyJobParamsSchema, response: named('ReclassifyJob', ReclassifyJobSchema) },
  { method: 'post', path: '/reclassify-jobs/{id}/cancel', summary: 'Stop a reclassify job before its next window', params: ReclassifyJobParamsSchema, response: named('ReclassifyJob', ReclassifyJobSchema) },
  { method: 'post', path: '/inspect', summary: 'Check a JWT against the configured issuers, JWKS, audiences, times, scopes and subject directory (never stored or logged)', body: InspectRequestSchema, response: named('InspectResponse', InspectResponseSchema) },
  { method: 'get', path: '/directory', summary: 'The subject directory: kind, target and cache figures', response: named('DirectoryInfo', DirectoryInfoSchema) },
  { method: 'get', path: '/directory/subjects/{subject}', summary: 'What the subject directory says about a sub', params: SubjectLookupParamsSchema, query: SubjectLookupQuerySchema, response: named('SubjectVerdict', SubjectVerdictSchema) },
  { method: 'post', path: '/directory/lookup', summary: 'Look up to 100 subjects in the subject directory', body: SubjectBatchRequestSchema, response: named('SubjectBatchResponse', SubjectBatchResponseSchema) },
  { method: 'get', path: '/auth-config', summary: 'The expected auth configuration per service/route', response: named('AuthConfigResponse', AuthConfigResponseSchema) },
  { method: 'get', path: '/auth-config/drift', summary: 'Where traffic disagrees with the expected auth configuration', query: FiltersSchema, response: named('AuthDriftResponse', AuthDriftResponseSchema) },
  { method: 'get', path: '/auth-config/jwks', summary: 'JWKS health: fetch failures and the kid rotation timeline', query: FiltersSchema, response: named('JwksHealthResponse', JwksHealthResponseSchema) },
  { method: 'post', path: '/auth-config/jwks/refresh', summary: 'Fetch every configured JWKS now, then answer with their health', query: FiltersSchema, response: named('JwksHealthResponse', JwksHealthResponseSchema) },
  { method: 'get', path: '/audits/{kind}', summary: 'An audit report (JSON, or CSV with format=csv)', params: AuditParamsSchema, query: AuditRequestSchema, response: named('AuditResponse', AuditResponseSchema), download: true },
  { method: 'get', path: '/playbooks/causes/{cause}', summary: 'A cause\'s playbook, its checks answered from the data of the range', params: PlaybookCauseParamsSchema, query: FiltersSchema, response: named('PlaybookResponse', PlaybookResponseSchema) },
  { method: 'get', path: '/playbooks/calls/{traceId}/{spanId}', summary: 'The playbook of one failed call, answered for that call', params: PlaybookCallParamsSchema, response: named('PlaybookResponse', PlaybookResponseSchema) },
  { method: 'post', path: '/auth/login', summary: 'Sign in with a password: sets the session cookie, answers with the CSRF token', body: LoginRequestSchema, response: named('SessionInfo', SessionInfoSchema) },
  { method: 'post', path: '/auth/logout', summary: 'Sign out: ends the session' },
  { method: 'get', path: '/auth/session', summary: 'Who is signed in, with which role', response: named('SessionInfo', SessionInfoSchema) },
  { method: 'put', path: '/auth/password', summary: 'Change your own password', body: PasswordChangeSchema },
  { method: 'get', path: '/users', summary: 'Local users (admin)', response: named('UserList', UserListSchema) },
  { method: 'post', path: '/users', summary: 'Create a local user (admin)', body: UserCreateSchema, response: named('User', UserSchema, 201) },
  { method: 'patch', path: '/users/{name}', summary: 'Change a user\'s role, password or disabled flag (admin)', params: UserParamsSchema, body: UserUpdateSchema, response: named('User', UserSchema) },
  { method: 'delete', path: '/users/{name}', summary: 'Delete a user (admin)', params: UserParamsSchema },
  { method: 'get', path: '/tokens', summary: 'API tokens made by admins (never the token itself)', response: named('ApiTokenList', ApiTokenListSchema) },
  { method: 'post', path: '/tokens', summary: 'Make an API token with a role (admin); the token is in this answer only', body: ApiTokenCreateSchema, response: named('ApiTokenCreated', ApiTokenCreatedSchema, 201) },
  { method: 'delete', path: '/tokens/{id}', summary: 'Revoke an API token (admin)', params: ApiTokenParamsSchema },
  { method: 'get', path: '/audit-log', summary: 'Changes and sign-ins, newest first (admin)', query: AuditLogQuerySchema, response: named('AuditLogResponse', AuditLogResponseSchema) },
]

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>
  return rest
}

function parameters(object: z.ZodObject | undefined, location: 'query' | 'path'): unknown[] {
  if (!object) return []
  return Object.entries(object.shape).map(([name, field]) => {
    const schema = jsonSchema(field as z.ZodType, 'input')
    const multi = Array.isArray(schema.anyOf)
    return {
      name,
      in: location,
      required: location === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      ...(schema.description ? { description: schema.description } : {}),
      schema,
      ...(multi ? { style: 'form', explode: true } : {}),
    }
  })
}

const ERROR_RESPONSE = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } }

export function buildOpenApiDocument(info: { version: string }): Record<string, unknown> {
  const schemas: Record<string, unknown> = { ApiError: jsonSchema(ApiErrorSchema, 'output') }
  const paths: Record<string, Record<string, unknown>> = {}
  for (const endpoint of API_ENDPOINTS) {
    const responses: Record<string, unknown> = { '4XX': ERROR_RESPONSE, '5XX': ERROR_RESPONSE }
    if (endpoint.response) {
      schemas[endpoint.response.name] = jsonSchema(endpoint.response.schema, 'output')
      const content: Record<string, unknown> = { 'application/json': { schema: { $ref: `#/components/schemas/${endpoint.response.name}` } } }
      if (endpoint.download) content['text/csv'] = { schema: { type: 'string' } }
      responses[String(endpoint.response.status ?? 200)] = { description: 'OK', content }
    } else {
      responses['204'] = { description: 'Done' }
    }
    const operation: Record<string, unknown> = {
      summary: endpoint.summary,
      operationId: `${endpoint.method}${endpoint.path.replace(/[{}]/g, '').replace(/(?:^|[/-])(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      parameters: [...parameters(endpoint.params, 'path'), ...parameters(endpoint.query, 'query')],
      responses,
    }
    if (endpoint.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } } }
    }
    paths[endpoint.path] = { ...paths[endpoint.path], [endpoint.method]: operation }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'claimcheck query API', version: info.version, description: 'JWT authentication failures at API gateways: summaries, series, calls, traces and ad hoc SQL.' },
    servers: [{ url: '/api/v1' }],
    paths,
    components: { schemas },
  }
}
