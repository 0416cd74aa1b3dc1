import {
  AuditResponseSchema, AuthConfigResponseSchema, AuthDriftResponseSchema, DirectoryInfoSchema, InspectResponseSchema, JwksHealthResponseSchema,
  PlaybookResponseSchema, SubjectBatchResponseSchema, SubjectVerdictSchema, type AuditResponse, type Filters,
} from '@claimcheck/shared'
import type { Response } from 'express'
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
    inspectToken: async (_req, res, { body: request }) => {
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
    lookUpSubject: async (_req, res, { params: { subject }, query: { tenant } }) => {
      sendParsed(res, SubjectVerdictSchema, await directory().lookup(subject, { tokenTenant: tenant }))
    },
    lookUpSubjects: async (_req, res, { body: { subjects } }) => {
      sendParsed(res, SubjectBatchResponseSchema, { verdicts: await directory().lookupMany(subjects.map((subject) => ({ subject }))) })
    },
  })
}

function authConfigHandlers(deps: ApiDeps, t: Troubleshoot) {
  const expectations = deps.config.classifier.expectations
  // Read and "check now" (refresh): the same query, the same answer.
  const health = async (_req: unknown, res: Response, { query: filters }: { query: Filters }) => {
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
    getAuthDrift: async (_req, res, { query: filters }) => {
      const context = createQueryContext(deps.store, res, 'auth-drift')
      const { range, meta: m } = meta(filters, deps, context)
      sendParsed(res, AuthDriftResponseSchema, { meta: m, ...(await getAuthDrift(context, expectations, filters, range)) })
    },
    getJwksHealth: health,
    // "Check now": fetch every JWKS, record it, answer with the health that includes it.
    refreshJwks: async (req, res, input) => {
      await t.monitor.pollOnce()
      await t.settled()
      await health(req, res, input)
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
    getAudit: async (_req, res, { params: { kind }, query: request }) => {
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
    getCausePlaybook: async (_req, res, { params: { cause }, query: filters }) => {
      const context = createQueryContext(deps.store, res, 'playbook')
      const range = resolveRange(filters, deps.now())
      sendParsed(res, PlaybookResponseSchema, await answerPlaybook(causeScope(cause, filters, range), playbookDeps(context)))
    },
    getCallPlaybook: async (_req, res, { params: { traceId, spanId } }) => {
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
