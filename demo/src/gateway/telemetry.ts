import type { Logger, Tracer } from '@opentelemetry/api'
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources'
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type LogRecordProcessor } from '@opentelemetry/sdk-logs'
import { BatchSpanProcessor, TracerProvider, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace'

const SCOPE_NAME = '@claimcheck/demo-gateway'
const SCOPE_VERSION = '0.1.0'

export interface GatewayTelemetry {
  tracer: Tracer
  logger: Logger
  forceFlush(): Promise<void>
  /** Flushes what is queued, then stops exporting. */
  shutdown(): Promise<void>
}

export interface GatewayTelemetryOptions {
  serviceName: string
  /** OTLP/HTTP base URL, e.g. `http://127.0.0.1:4318`; `/v1/traces` and `/v1/logs` are appended. */
  endpoint?: string
  /**
   * Batch delay of both processors. Default 500 ms: the span and the log record of one call must
   * reach the collector within its correlation window (5 s by default).
   */
  exportDelayMs?: number
  /** Extra OTLP request headers, e.g. `Authorization: Bearer <ingest token>`. */
  headers?: Record<string, string>
  /** Replace the OTLP exporters (tests pass in-memory processors). */
  spanProcessors?: SpanProcessor[]
  logProcessors?: LogRecordProcessor[]
}

/**
 * Tracer and logger of one gateway instance. The SDK's process-global registration (NodeSDK)
 * carries one resource, i.e. one `service.name`; the demo runs several gateways in one process,
 * so each gets its own providers, built the way NodeSDK builds them (batch processors in front
 * of the OTLP/protobuf exporters), and nothing is registered globally.
 */
export function createGatewayTelemetry(options: GatewayTelemetryOptions): GatewayTelemetry {
  const resource = defaultResource().merge(
    resourceFromAttributes({
      'service.name': options.serviceName,
      'service.namespace': 'claimcheck-demo',
      'service.version': '1.4.2',
      'deployment.environment.name': 'demo',
    }),
  )
  const delay = options.exportDelayMs ?? 500
  const spanProcessors = options.spanProcessors ?? (options.endpoint ? [batchSpans(otlpTraceExporter(options.endpoint, options.headers), delay)] : [])
  const logProcessors = options.logProcessors ?? (options.endpoint ? [batchLogs(otlpLogExporter(options.endpoint, options.headers), delay)] : [])
  const tracerProvider = new TracerProvider({ resource, spanProcessors })
  const loggerProvider = new LoggerProvider({ resource, processors: logProcessors })
  return {
    tracer: tracerProvider.getTracer(SCOPE_NAME, SCOPE_VERSION),
    logger: loggerProvider.getLogger(SCOPE_NAME, SCOPE_VERSION),
    async forceFlush() {
      await Promise.all([tracerProvider.forceFlush(), loggerProvider.forceFlush()])
    },
    async shutdown() {
      await Promise.allSettled([tracerProvider.shutdown(), loggerProvider.shutdown()])
    },
  }
}

function otlpTraceExporter(endpoint: string, headers: Record<string, string> = {}): SpanExporter {
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces`, headers })
}

function otlpLogExporter(endpoint: string, headers: Record<string, string> = {}): LogRecordExporter {
  return new OTLPLogExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/logs`, headers })
}

function batchSpans(exporter: SpanExporter, delay: number): SpanProcessor {
  return new BatchSpanProcessor({ exporter, scheduledDelayMillis: delay, maxQueueSize: 20_000, maxExportBatchSize: 1_000 })
}

function batchLogs(exporter: LogRecordExporter, delay: number): LogRecordProcessor {
  return new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: delay, maxQueueSize: 20_000, maxExportBatchSize: 1_000 })
}
