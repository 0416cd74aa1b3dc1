import type { RequestHandler, Response } from 'express'
import type { Store } from '@claimcheck/shared/node'
import { Counter, Histogram, Registry } from 'prom-client'
import { collectProcessMetrics } from '@claimcheck/collector'
import { findPolicy } from '../auth/policy.ts'

/**
 * The dashboard process's Prometheus metrics, served at `/metrics` on the dashboard port (a
 * `claimcheck dashboard` process has no OTLP port). The route label is the policy's path pattern
 * (`/api/v1/calls/:traceId/:spanId`), never the raw path, so ids cannot explode the series count.
 */
/** Latency buckets of HTTP requests and their queries, up to the 30 s a query may run. */
const REQUEST_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

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
    buckets: REQUEST_SECONDS_BUCKETS,
    registers: [registry],
  })
  const queries = new Counter({
    name: 'claimcheck_dashboard_queries_total',
    help: 'ClickHouse queries run for API requests, by resource (overview, calls, …) and outcome (ok, error, cancelled)',
    labelNames: ['resource', 'outcome'] as const,
    registers: [registry],
  })
  const querySeconds = new Histogram({
    name: 'claimcheck_dashboard_query_duration_seconds',
    help: 'ClickHouse query latency for API requests, by resource',
    labelNames: ['resource'] as const,
    buckets: REQUEST_SECONDS_BUCKETS,
    registers: [registry],
  })
  const evaluations = new Counter({
    name: 'claimcheck_alert_evaluations_total',
    help: 'Alert rule evaluations, by rule and outcome (ok, error: the rule\'s query failed)',
    labelNames: ['rule', 'outcome'] as const,
    registers: [registry],
  })
  const evaluationSeconds = new Histogram({
    name: 'claimcheck_alert_evaluation_duration_seconds',
    help: 'Time to evaluate one alert rule (query and state transitions)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const notifications = new Counter({
    name: 'claimcheck_alert_notifications_total',
    help: 'Alert notifications handed to notifiers, by notifier, alert status (firing, resolved) and outcome (sent, failed after retries)',
    labelNames: ['notifier', 'status', 'outcome'] as const,
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
  const serve = async (res: Response): Promise<void> => {
    res.type(registry.contentType).send(await registry.metrics())
  }
  return { registry, requests, seconds, queries, querySeconds, evaluations, evaluationSeconds, notifications, middleware, serve }
}

const perStore = new WeakMap<Store, DashboardMetrics>()

/** One set of dashboard metrics per store (one per process outside tests), shared by the app, the query runner and the alert evaluator. */
export function dashboardMetricsFor(store: Store): DashboardMetrics {
  let metrics = perStore.get(store)
  if (!metrics) perStore.set(store, (metrics = createDashboardMetrics()))
  return metrics
}

export type DashboardMetrics = ReturnType<typeof createDashboardMetrics>
