import { context, trace, SpanKind, SpanStatusCode, TraceFlags, type Attributes } from '@opentelemetry/api'
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc'
import { OTLPLogExporter as HttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http'
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc'
import { OTLPTraceExporter as HttpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs'
import { SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace'

export type Transport = 'http/json' | 'http/protobuf' | 'grpc'
export const TRANSPORTS: Transport[] = ['http/json', 'http/protobuf', 'grpc']

/** The real OTLP log exporter for a transport, pointed at a collector. */
export function logExporter(transport: Transport, httpUrl: string, grpcUrl: string, headers?: Record<string, string>): LogRecordExporter {
  if (transport === 'grpc') return new GrpcLogExporter({ url: grpcUrl })
  const Exporter = transport === 'http/json' ? HttpJsonLogExporter : ProtoLogExporter
  return new Exporter({ url: `${httpUrl}/v1/logs`, headers })
}

export function traceExporter(transport: Transport, httpUrl: string, grpcUrl: string): SpanExporter {
  if (transport === 'grpc') return new GrpcTraceExporter({ url: grpcUrl })
  const Exporter = transport === 'http/json' ? HttpJsonTraceExporter : ProtoTraceExporter
  return new Exporter({ url: `${httpUrl}/v1/traces` })
}

export interface AccessLog {
  serviceName: string
  /** [seconds, nanoseconds] */
  time: [number, number]
  traceId: string
  spanId: string
  body: string
  attributes: Attributes
}

/** Emits access-log records through a real LoggerProvider and exporter, then flushes. */
export async function sendLogs(exporter: LogRecordExporter, records: AccessLog[]): Promise<void> {
  for (const serviceName of new Set(records.map((r) => r.serviceName))) {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName, 'deployment.environment.name': 'test' }),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    })
    const logger = provider.getLogger('gateway-access-log', '1.2.3')
    for (const record of records.filter((r) => r.serviceName === serviceName)) {
      const spanContext = { traceId: record.traceId, spanId: record.spanId, traceFlags: TraceFlags.SAMPLED }
      logger.emit({
        timestamp: record.time,
        severityNumber: 13,
        severityText: 'WARN',
        body: record.body,
        attributes: record.attributes,
        context: trace.setSpanContext(context.active(), spanContext),
      })
    }
    await provider.forceFlush()
    await provider.shutdown()
  }
}

export interface ServerSpan {
  serviceName: string
  name: string
  start: [number, number]
  end: [number, number]
  attributes: Attributes
  error?: string
  /** A CLIENT child span to the upstream, to check parent links. */
  child?: boolean
}

/** Records SERVER spans through a real TracerProvider and exporter; returns their ids. */
export async function sendSpans(exporter: SpanExporter, spans: ServerSpan[]): Promise<{ traceId: string; spanId: string; childSpanId?: string }[]> {
  const ids: { traceId: string; spanId: string; childSpanId?: string }[] = []
  for (const serviceName of new Set(spans.map((s) => s.serviceName))) {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    })
    const tracer = provider.getTracer('gateway', '1.2.3')
    for (const spec of spans.filter((s) => s.serviceName === serviceName)) {
      const span = tracer.startSpan(spec.name, { kind: SpanKind.SERVER, startTime: spec.start, attributes: spec.attributes })
      let childSpanId: string | undefined
      if (spec.child) {
        const child = tracer.startSpan('GET upstream', { kind: SpanKind.CLIENT, startTime: spec.start }, trace.setSpan(context.active(), span))
        childSpanId = child.spanContext().spanId
        child.end(spec.end)
      }
      if (spec.error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error })
        span.addEvent('exception', { 'exception.message': spec.error, 'exception.type': 'JWTError' }, spec.start)
      }
      span.end(spec.end)
      ids.push({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId, childSpanId })
    }
    await provider.forceFlush()
    await provider.shutdown()
  }
  return ids
}

/** An unsigned-looking but well-formed JWT with the given claims (the collector never verifies). */
export function fakeJwt(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'key-1', typ: 'JWT' }): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${encode(header)}.${encode(claims)}.${Buffer.from('signature-bytes-here').toString('base64url')}`
}
