// Test-only helpers (not exported from index.ts): real OpenTelemetry SDK records serialized by the
// real `@opentelemetry/otlp-transformer` serializers, so decoder tests run against what exporters send.
import { SpanKind, SpanStatusCode, ROOT_CONTEXT, trace, type Attributes, type Link } from '@opentelemetry/api'
import {
  JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'

type LogRecordInput = Parameters<ReturnType<LoggerProvider['getLogger']>['emit']>[0]
type AnyAttributes = Record<string, unknown>

export interface SerializedRequest {
  protobuf: Uint8Array
  json: Uint8Array
}

/** Emits `records` through a real LoggerProvider and serializes them both ways. */
export async function serializeLogs(records: LogRecordInput[], resource: AnyAttributes = { 'service.name': 'gateway' },
  scope = { name: 'claimcheck-test', version: '1.2.3' }): Promise<SerializedRequest> {
  const exporter = new InMemoryLogRecordExporter()
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(resource as Attributes),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  })
  const logger = provider.getLogger(scope.name, scope.version)
  for (const record of records) logger.emit(record)
  await provider.forceFlush()
  const finished = exporter.getFinishedLogRecords()
  await provider.shutdown()
  return { protobuf: ProtobufLogsSerializer.serializeRequest(finished)!, json: JsonLogsSerializer.serializeRequest(finished)! }
}

export interface SpanInput {
  name: string
  kind?: SpanKind
  attributes?: Attributes
  startTime?: number
  endTime?: number
  events?: { name: string; attributes?: Attributes; time?: number }[]
  links?: Link[]
  status?: { code: SpanStatusCode; message?: string }
  /** Parent span context, for a child span. */
  parent?: { traceId: string; spanId: string }
}

/** Records spans through a real TracerProvider and serializes them both ways. */
export async function serializeSpans(spans: SpanInput[], resource: AnyAttributes = { 'service.name': 'gateway' }): Promise<SerializedRequest> {
  const exporter = new InMemorySpanExporter()
  const provider = new TracerProvider({
    resource: resourceFromAttributes(resource as Attributes),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  })
  const tracer = provider.getTracer('claimcheck-test', '1.2.3')
  for (const s of spans) {
    const ctx = s.parent ? trace.setSpanContext(ROOT_CONTEXT, { ...s.parent, traceFlags: 1 }) : ROOT_CONTEXT
    const span = tracer.startSpan(s.name, {
      kind: s.kind ?? SpanKind.SERVER, attributes: s.attributes, startTime: s.startTime, links: s.links,
    }, ctx)
    for (const ev of s.events ?? []) span.addEvent(ev.name, ev.attributes, ev.time)
    if (s.status) span.setStatus(s.status)
    span.end(s.endTime)
  }
  await provider.forceFlush()
  const finished = exporter.getFinishedSpans()
  await provider.shutdown()
  return { protobuf: ProtobufTraceSerializer.serializeRequest(finished)!, json: JsonTraceSerializer.serializeRequest(finished)! }
}

/** A JWT-shaped, unsigned token with the given header and payload (signature is junk). */
export function makeJwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'key-1' }): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${enc(header)}.${enc(payload)}.c2lnbmF0dXJlLW5vdC12ZXJpZmllZA`
}

export { SpanKind, SpanStatusCode }
