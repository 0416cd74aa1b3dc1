import { decodeContainer, decodeExportRequest, decodeResource, decodeScope, pushAttribute, readMessage } from './decode-proto.ts'
import {
  emptyResource, emptyScope,
  type ResourceSpans, type ScopeSpans, type Span, type SpanEvent, type SpanLink, type SpanStatus, type TracesRequest,
} from './model.ts'
import type { ProtoReader } from './wire.ts'

// ExportTraceServiceRequest over opentelemetry-proto trace/v1 field numbers; same conventions as
// decode-proto.ts (full tags in `case`, mismatched wire types skipped like unknown fields).

function decodeStatus(r: ProtoReader, status: SpanStatus): void {
  r.msg = 'Status'
  while (r.pos < r.end) {
    const t = r.tag()
    if (t === 0x12) { r.field = 'message'; status.message = r.string() }
    else if (t === 0x18) { r.field = 'code'; status.code = r.int32() }
    else r.skip(t & 7, t >>> 3)
  }
}

function decodeEvent(r: ProtoReader): SpanEvent {
  const ev: SpanEvent = { timeUnixNano: '0', name: '', attributes: [], droppedAttributesCount: 0 }
  r.msg = 'Span.Event'
  while (r.pos < r.end) {
    const t = r.tag()
    switch (t) {
      case 0x09: r.field = 'time_unix_nano'; ev.timeUnixNano = r.fixed64Decimal(); break
      case 0x12: r.field = 'name'; ev.name = r.string(); break
      case 0x1a: r.field = 'attributes'; pushAttribute(r, ev.attributes, 'Span.Event'); break
      case 0x20: r.field = 'dropped_attributes_count'; ev.droppedAttributesCount = r.uint32(); break
      default: r.skip(t & 7, t >>> 3)
    }
  }
  return ev
}

function decodeLink(r: ProtoReader): SpanLink {
  const link: SpanLink = { traceId: '', spanId: '', traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0 }
  r.msg = 'Span.Link'
  while (r.pos < r.end) {
    const t = r.tag()
    switch (t) {
      case 0x0a: r.field = 'trace_id'; link.traceId = r.hex(); break
      case 0x12: r.field = 'span_id'; link.spanId = r.hex(); break
      case 0x1a: r.field = 'trace_state'; link.traceState = r.string(); break
      case 0x22: r.field = 'attributes'; pushAttribute(r, link.attributes, 'Span.Link'); break
      case 0x28: r.field = 'dropped_attributes_count'; link.droppedAttributesCount = r.uint32(); break
      case 0x35: r.field = 'flags'; link.flags = r.fixed32(); break
      default: r.skip(t & 7, t >>> 3)
    }
  }
  return link
}

function decodeSpan(r: ProtoReader): Span {
  const span: Span = {
    traceId: '', spanId: '', traceState: '', parentSpanId: '', flags: 0, name: '', kind: 0,
    startTimeUnixNano: '0', endTimeUnixNano: '0', attributes: [], droppedAttributesCount: 0, events: [],
    droppedEventsCount: 0, links: [], droppedLinksCount: 0, status: { code: 0, message: '' },
  }
  r.msg = 'Span'
  while (r.pos < r.end) {
    const t = r.tag()
    switch (t) {
      case 0x0a: r.field = 'trace_id'; span.traceId = r.hex(); break
      case 0x12: r.field = 'span_id'; span.spanId = r.hex(); break
      case 0x1a: r.field = 'trace_state'; span.traceState = r.string(); break
      case 0x22: r.field = 'parent_span_id'; span.parentSpanId = r.hex(); break
      case 0x2a: r.field = 'name'; span.name = r.string(); break
      case 0x30: r.field = 'kind'; span.kind = r.int32(); break
      case 0x39: r.field = 'start_time_unix_nano'; span.startTimeUnixNano = r.fixed64Decimal(); break
      case 0x41: r.field = 'end_time_unix_nano'; span.endTimeUnixNano = r.fixed64Decimal(); break
      case 0x4a: r.field = 'attributes'; pushAttribute(r, span.attributes, 'Span'); break
      case 0x50: r.field = 'dropped_attributes_count'; span.droppedAttributesCount = r.uint32(); break
      case 0x5a: r.field = 'events'; span.events.push(readMessage(r, 'Span', decodeEvent)); break
      case 0x60: r.field = 'dropped_events_count'; span.droppedEventsCount = r.uint32(); break
      case 0x6a: r.field = 'links'; span.links.push(readMessage(r, 'Span', decodeLink)); break
      case 0x70: r.field = 'dropped_links_count'; span.droppedLinksCount = r.uint32(); break
      // A status sent twice merges into one, as protobuf merges a repeated singular message.
      case 0x7a: r.field = 'status'; readMessage(r, 'Span', (inner) => decodeStatus(inner, span.status)); break
      case 0x85: r.field = 'flags'; span.flags = r.fixed32(); break // field 16, fixed32
      default: r.skip(t & 7, t >>> 3)
    }
  }
  return span
}

const SCOPE_SPANS = { msg: 'ScopeSpans', head: 'scope', children: 'spans' }
const RESOURCE_SPANS = { msg: 'ResourceSpans', head: 'resource', children: 'scope_spans' }

function decodeScopeSpans(r: ProtoReader): ScopeSpans {
  const scope = emptyScope()
  return { scope, spans: decodeContainer(r, SCOPE_SPANS, scope, decodeScope, decodeSpan) }
}

function decodeResourceSpans(r: ProtoReader): ResourceSpans {
  const resource = emptyResource()
  return { resource, scopeSpans: decodeContainer(r, RESOURCE_SPANS, resource, decodeResource, decodeScopeSpans) }
}

/** Decodes a binary ExportTraceServiceRequest. Throws `OtlpDecodeError` (only) on bad input. */
export function decodeTracesProtobuf(body: Uint8Array): TracesRequest {
  return { resourceSpans: decodeExportRequest(body, 'ExportTraceServiceRequest', 'resource_spans', decodeResourceSpans) }
}
