import { ROOT_CONTEXT, SeverityNumber, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api'
import express, { type Request, type Response } from 'express'
import { listenLoopback } from '../listen.ts'
import { accessLogAttributes, accessLogBody, spanAttributes, type CallDescription } from './attributes.ts'
import { denialBody, type Denial } from './responses.ts'
import { routeKey, type GatewayAuthSettings, type GatewayRoute, type GatewaySpec } from './routes.ts'
import type { GatewayTelemetry } from './telemetry.ts'
import { Authenticator, type AuthenticatorDeps } from './verify.ts'

/**
 * Request header the demo's traffic generator sets to name the scenario that shaped a request.
 * The gateway reports it as `demo.scenario`: ground truth to compare claimcheck's verdict with.
 */
export const SCENARIO_HEADER = 'x-demo-scenario'

export interface DemoGateway {
  readonly spec: GatewaySpec
  readonly url: string
  /** Live settings: scenarios change audience, issuer or algorithms here. */
  readonly settings: GatewayAuthSettings
  /** Scopes each route requires now, by `routeKey`; scenarios tighten them. */
  readonly routeScopes: Map<string, string[]>
  close(): Promise<void>
}

export interface StartGatewayOptions {
  spec: GatewaySpec
  settings: GatewayAuthSettings
  upstreamUrl: string
  telemetry: GatewayTelemetry
  deps: AuthenticatorDeps
}

interface CallState {
  span: Span
  ctx: Context
  route?: GatewayRoute
  denial?: Denial
  sub?: string
}

export async function startGateway(options: StartGatewayOptions): Promise<DemoGateway> {
  const { spec, telemetry } = options
  const settings = { ...options.settings }
  const routeScopes = new Map(spec.routes.map((route) => [routeKey(route), [...route.scopes]]))
  const authenticator = new Authenticator(settings, spec.realm, options.deps)
  const app = express()
  app.disable('x-powered-by')
  app.use((req, res, next) => {
    const span = telemetry.tracer.startSpan(req.method, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': req.method,
        'url.path': req.path,
        'url.scheme': 'http',
        'client.address': clientAddress(req),
        ...(req.headers['user-agent'] ? { 'user_agent.original': req.headers['user-agent'] } : {}),
      },
    }, ROOT_CONTEXT)
    const state: CallState = { span, ctx: trace.setSpan(ROOT_CONTEXT, span) }
    res.locals.call = state
    res.on('finish', () => finishCall(telemetry, req, res, state))
    next()
  })
  for (const route of spec.routes) {
    const handler = async (req: Request, res: Response) => {
      const state = res.locals.call as CallState
      state.route = route
      state.span.updateName(`${route.method} ${route.path}`)
      const verifySpan = telemetry.tracer.startSpan('verify bearer token', { kind: SpanKind.INTERNAL }, state.ctx)
      const outcome = await authenticator.authenticate(req.headers.authorization, routeScopes.get(routeKey(route)) ?? [])
      if (outcome.sub) state.sub = outcome.sub
      if (!outcome.ok) {
        verifySpan.setStatus({ code: SpanStatusCode.ERROR, message: outcome.denial.message })
        verifySpan.setAttribute('error.type', outcome.denial.errorType)
        verifySpan.end()
        state.denial = outcome.denial
        if (outcome.denial.wwwAuthenticate) res.set('WWW-Authenticate', outcome.denial.wwwAuthenticate)
        res.status(outcome.denial.status).json(denialBody(outcome.denial))
        return
      }
      verifySpan.end()
      await forward(telemetry, options.upstreamUrl, req, res, state)
    }
    if (route.method === 'GET') app.get(route.path, handler)
    else app.post(route.path, express.json(), handler)
  }
  app.use((_req, res) => {
    res.status(404).json({ code: 404, error_code: 'not_found', msg: 'Not found' })
  })
  const listening = await listenLoopback(app)
  return { spec, url: listening.url, settings, routeScopes, close: () => listening.close() }
}

async function forward(telemetry: GatewayTelemetry, upstreamUrl: string, req: Request, res: Response, state: CallState): Promise<void> {
  const target = new URL(req.originalUrl, upstreamUrl)
  const span = telemetry.tracer.startSpan(`${req.method}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'http.request.method': req.method, 'server.address': target.hostname, 'server.port': Number(target.port), 'url.full': target.href },
  }, state.ctx)
  const { traceId, spanId } = span.spanContext()
  try {
    // No propagator is registered globally (see telemetry.ts): write the W3C header by hand.
    const response = await fetch(target, {
      method: req.method,
      headers: { 'content-type': 'application/json', 'x-user-id': state.sub ?? '', traceparent: `00-${traceId}-${spanId}-01` },
      ...(req.method === 'POST' ? { body: JSON.stringify(req.body ?? {}) } : {}),
    })
    span.setAttribute('http.response.status_code', response.status)
    res.status(response.status).json(await response.json())
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message })
    span.setAttribute('error.type', (error as Error).name)
    res.status(502).json({ code: 502, error_code: 'upstream_unavailable', msg: 'Upstream service unavailable' })
  } finally {
    span.end()
  }
}

/** Ends the SERVER span and emits the access-log record, in the span's context (same trace/span ids). */
function finishCall(telemetry: GatewayTelemetry, req: Request, res: Response, state: CallState): void {
  const status = res.statusCode
  const scenario = req.headers[SCENARIO_HEADER]
  const call: CallDescription = {
    method: req.method, path: req.path, status, clientAddress: clientAddress(req),
    ...(state.route ? { route: state.route.path } : {}),
    ...(state.sub ? { sub: state.sub } : {}),
    ...(state.denial ? { denial: state.denial } : {}),
    ...(typeof scenario === 'string' && scenario ? { scenario } : {}),
    ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
  }
  state.span.setAttributes(spanAttributes(call))
  if (status >= 500) state.span.setStatus({ code: SpanStatusCode.ERROR })
  state.span.end()
  telemetry.logger.emit({
    context: state.ctx,
    severityNumber: status >= 500 ? SeverityNumber.ERROR : status >= 400 ? SeverityNumber.WARN : SeverityNumber.INFO,
    severityText: status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO',
    body: accessLogBody(call, req.originalUrl),
    attributes: accessLogAttributes(call),
  })
}

/** The first `X-Forwarded-For` hop (the traffic generator plays clients behind a load balancer). */
function clientAddress(req: Request): string {
  const forwarded = req.headers['x-forwarded-for']
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim()
  return first || req.socket.remoteAddress || ''
}
