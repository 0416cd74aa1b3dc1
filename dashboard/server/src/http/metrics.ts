import type { RequestHandler } from 'express'
import { Counter, Histogram, Registry } from 'prom-client'
import { collectProcessMetrics } from '@claimcheck/collector'
import { findPolicy } from '../auth/policy.ts'

/**
 * The dashboard process's Prometheus metrics, served at `/metrics` on the dashboard port (a
 * `claimcheck dashboard` process has no OTLP port). The route label is the policy's path pattern
 * (`/api/v1/calls/:traceId/:spanId`), never the raw path, so ids cannot explode the series count.
 */
export function createDashboardMetrics(registry = new Registry()) {
  collectProcessMetrics(registry)
  const requests = new Counter({
    name: 'claimcheck_dashboard_http_requests_total',
    help: 'Dashboard HTTP requests by method, route pattern (api routes; "static" for the web app, "unmatched" for unknown API paths) and HTTP status',
    labelNames: ['method', 'route', 'http_status'] as const,
    registers: [registry],
  })
  const seconds = new Histogram({
    name: 'claimcheck_dashboard_http_request_duration_seconds',
    help: 'Dashboard HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  const middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint()
    res.once('finish', () => {
      const path = new URL(req.originalUrl, 'http://x').pathname
      const method = req.method === 'HEAD' ? 'GET' : req.method
      const route = findPolicy(method, path)?.path ?? (path.startsWith('/api') ? 'unmatched' : 'static')
      requests.inc({ method, route, http_status: String(res.statusCode) })
      seconds.observe({ method, route }, Number(process.hrtime.bigint() - started) / 1e9)
    })
    next()
  }
  const serve: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics())
  }
  return { registry, requests, seconds, middleware, serve }
}

export type DashboardMetrics = ReturnType<typeof createDashboardMetrics>
