import {
  AuditParamsSchema, AuditRequestSchema, AuditResponseSchema, AuthConfigResponseSchema, AuthDriftResponseSchema, DirectoryInfoSchema, FiltersSchema,
  InspectRequestSchema, InspectResponseSchema, JwksHealthResponseSchema, PlaybookCallParamsSchema, PlaybookCauseParamsSchema, PlaybookResponseSchema,
  SubjectBatchRequestSchema, SubjectBatchResponseSchema, SubjectLookupParamsSchema, SubjectLookupQuerySchema, SubjectVerdictSchema,
  type AuditResponse, type Filters,
} from '@claimcheck/shared'
import type { ApiDeps } from '../api/deps.ts'
import { sendParsed } from '../api/routes/respond.ts'
import { createQueryContext, type QueryContext } from '../api/runner.ts'
import { describeMeta, resolveRange } from '../api/services/overview.ts'
import { SOURCES } from '../api/sql/sources.ts'
import { AppError } from '../errors.ts'
import { bindOperations } from '../http/operations.ts'
import { auditToCsv } from './audits/csv.ts'
import { deletedSubjects, longLifetimes, noRefresh, routeIssuers, type AuditDeps } from './audits/service.ts'
import { getAuthDrift } from './auth-config/drift.ts'
import { jwksSources, toExpectationView } from './auth-config/expectations.ts'
import { getJwksHealth } from './auth-config/jwks-health.ts'
import type { Troubleshoot } from './index.ts'
import { answerPlaybook, callScope, causeScope } from './playbooks/service.ts'
import { NO_DIRECTORY } from './subjects/index.ts'

const RAW = { source: SOURCES.gateway_calls, reason: 'needs individual calls' }

function meta(filters: Filters, deps: ApiDeps, context: QueryContext) {
  const range = resolveRange(filters, deps.now())
  return { range, meta: describeMeta(RAW, range, context) }
}

/** `POST /inspect`: the token is in the body only, and the answer must not be cached anywhere. */
function inspectHandlers(t: Troubleshoot) {
  return bindOperations({
    inspectToken: async (req, res) => {
      const request = InspectRequestSchema.parse(req.body ?? {})
      res.set('Cache-Control', 'no-store')
      sendParsed(res, InspectResponseSchema, await t.inspector.inspect(request))
    },
  })
}

function directoryHandlers(t: Troubleshoot) {
  const directory = () => {
    if (!t.directory) throw new AppError(404, 'not_configured', 'No subject directory is configured (troubleshoot.subjects)')
    return t.directory
  }
  return bindOperations({
    getDirectory: (_req, res) => sendParsed(res, DirectoryInfoSchema, t.directory?.info() ?? NO_DIRECTORY),
    lookUpSubject: async (req, res) => {
      const { subject } = SubjectLookupParamsSchema.parse(req.params)
      const { tenant } = SubjectLookupQuerySchema.parse(req.query)
      sendParsed(res, SubjectVerdictSchema, await directory().lookup(subject, { tokenTenant: tenant }))
    },
    lookUpSubjects: async (req, res) => {
      const { subjects } = SubjectBatchRequestSchema.parse(req.body ?? {})
      sendParsed(res, SubjectBatchResponseSchema, { verdicts: await directory().lookupMany(subjects.map((subject) => ({ subject }))) })
    },
  })
}

function authConfigHandlers(deps: ApiDeps, t: Troubleshoot) {
  const expectations = deps.config.classifier.expectations
  const health = async (req: { query: unknown }, res: Parameters<typeof createQueryContext>[1]) => {
    const filters = FiltersSchema.parse(req.query)
    const context = createQueryContext(deps.store, res, 'jwks-health')
    const { range, meta: m } = meta(filters, deps, context)
    sendParsed(res, JwksHealthResponseSchema, { meta: m, sources: await getJwksHealth(context, expectations, filters, range) })
  }
  return bindOperations({
    getAuthConfig: (_req, res) => sendParsed(res, AuthConfigResponseSchema, {
      expectations: expectations.map(toExpectationView),
      clockSkewSeconds: deps.config.classifier.clockSkewSeconds,
      jwksUrls: jwksSources(expectations).map((s) => s.url),
      directory: t.directory?.info() ?? NO_DIRECTORY,
    }),
    getAuthDrift: async (req, res) => {
      const filters = FiltersSchema.parse(req.query)
      const context = createQueryContext(deps.store, res, 'auth-drift')
      const { range, meta: m } = meta(filters, deps, context)
      sendParsed(res, AuthDriftResponseSchema, { meta: m, ...(await getAuthDrift(context, expectations, filters, range)) })
    },
    getJwksHealth: health,
    // "Check now": fetch every JWKS, record it, answer with the health that includes it.
    refreshJwks: async (req, res) => {
      await t.monitor.pollOnce()
      await t.settled()
      await health(req, res)
    },
  })
}

function auditsHandlers(deps: ApiDeps, t: Troubleshoot) {
  const auditDeps: AuditDeps = {
    expectations: deps.config.classifier.expectations,
    directory: t.directory,
    defaultMaxLifetimeSeconds: deps.config.troubleshoot.audits.maxTokenLifetimeSeconds,
  }
  return bindOperations({
    getAudit: async (req, res) => {
      const { kind } = AuditParamsSchema.parse(req.params)
      const request = AuditRequestSchema.parse(req.query)
      const context = createQueryContext(deps.store, res, `audit-${kind}`)
      const { range, meta: m } = meta(request, deps, context)
      const body = kind === 'deleted-subjects' ? await deletedSubjects(context, request, range, auditDeps)
        : kind === 'no-refresh' ? await noRefresh(context, request, range)
          : kind === 'long-lifetimes' ? await longLifetimes(context, request, range, auditDeps)
            : await routeIssuers(context, request, range, auditDeps)
      const audit: AuditResponse = { meta: m, ...body }
      if (request.format === 'json') return sendParsed(res, AuditResponseSchema, audit)
      res.set('X-Result-Truncated', String(audit.truncated)).attachment(`claimcheck-${kind}.csv`).type('text/csv').send(auditToCsv(AuditResponseSchema.parse(audit)))
    },
  })
}

function playbooksHandlers(deps: ApiDeps, t: Troubleshoot) {
  const playbookDeps = (context: QueryContext) => ({
    context,
    expectations: deps.config.classifier.expectations,
    clockSkewSeconds: deps.config.classifier.clockSkewSeconds,
    rulesFile: deps.config.classifier.rulesFile,
    directory: t.directory,
    logger: deps.logger,
  })
  return bindOperations({
    getCausePlaybook: async (req, res) => {
      const { cause } = PlaybookCauseParamsSchema.parse(req.params)
      const filters = FiltersSchema.parse(req.query)
      const context = createQueryContext(deps.store, res, 'playbook')
      const range = resolveRange(filters, deps.now())
      sendParsed(res, PlaybookResponseSchema, await answerPlaybook(causeScope(cause, filters, range), playbookDeps(context)))
    },
    getCallPlaybook: async (req, res) => {
      const { traceId, spanId } = PlaybookCallParamsSchema.parse(req.params)
      const context = createQueryContext(deps.store, res, 'playbook-call')
      const scope = await callScope(playbookDeps(context), traceId, spanId, deps.now())
      if (scope.cause === '') throw new AppError(404, 'no_playbook', `Call ${traceId}/${spanId} did not fail authentication: it has no playbook`)
      sendParsed(res, PlaybookResponseSchema, await answerPlaybook(scope, playbookDeps(context)))
    },
  })
}

/** The assistant's handlers by operation id, for `createQueryApi`. */
export function troubleshootHandlers(deps: ApiDeps, t: Troubleshoot) {
  return {
    ...inspectHandlers(t),
    ...directoryHandlers(t),
    ...authConfigHandlers(deps, t),
    ...auditsHandlers(deps, t),
    ...playbooksHandlers(deps, t),
  }
}
