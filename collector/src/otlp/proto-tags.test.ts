import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { loadOtlpRoot, otlpTypes, SKIPPED_FIELDS } from '../../test/otlp-proto.ts'

// The hand-written decoders' tag constants checked against the OpenTelemetry proto definitions
// themselves (vendored, unedited, in collector/test/fixtures/opentelemetry-proto: see its README):
// every `case 0x…: r.field = '…'` of decode-proto*.ts must be (field number << 3) | wire type of
// that field of that message, and every field of a decoded message must have its tag but those it
// skips on purpose (SKIPPED_FIELDS).

const HERE = new URL('.', import.meta.url).pathname
const OTLP = otlpTypes(loadOtlpRoot())

const WIRE_TYPES: Record<string, number> = {
  int32: 0, int64: 0, uint32: 0, uint64: 0, sint32: 0, sint64: 0, bool: 0,
  fixed64: 1, sfixed64: 1, double: 1,
  string: 2, bytes: 2,
  fixed32: 5, sfixed32: 5, float: 5,
}

function expectedTag(message: string, fieldName: string): number {
  const type = OTLP.get(message)
  if (!type) throw new Error(`no message ${message} in the proto definitions`)
  const field = type.fields[fieldName]
  if (!field) throw new Error(`no field ${message}.${fieldName} in the proto definitions`)
  const wire = field.resolvedType instanceof protobuf.Enum ? 0 : field.resolvedType ? 2 : WIRE_TYPES[field.type]
  if (wire === undefined) throw new Error(`no wire type for ${field.type}`)
  return (field.id << 3) | wire
}

interface DecodedTag { message: string; field: string; tag: number }

/** The tags each decoder function reads, with the message (`r.msg = '…'`) and field it names. */
function decoderTags(): DecodedTag[] {
  const tags: DecodedTag[] = []
  const sources = ['decode-proto.ts', 'decode-proto-traces.ts'].map((file) => readFileSync(join(HERE, file), 'utf8'))
  const containers: { msg: string; head: string; children: string }[] = []
  for (const source of sources) {
    for (const chunk of source.split(/\n(?=(?:export )?function )/)) {
      if (chunk.startsWith('export function decodeContainer')) continue // its tags: per container below
      const message = /r\.msg = '([\w.]+)'/.exec(chunk)?.[1]
      for (const match of chunk.matchAll(/(?:case |t === )0x([0-9a-f]+)\)?:?\s*\{?\s*r\.field = '(\w+)'/g)) {
        if (!message) throw new Error(`a tag outside a message: ${match[0]}`)
        tags.push({ message, field: match[2]!, tag: Number.parseInt(match[1]!, 16) })
      }
    }
    for (const match of source.matchAll(/\{ msg: '(\w+)', head: '(\w+)', children: '(\w+)' \}/g)) containers.push({ msg: match[1]!, head: match[2]!, children: match[3]! })
    for (const match of source.matchAll(/decodeExportRequest\(body, '(\w+)', '(\w+)'/g)) tags.push({ message: match[1]!, field: match[2]!, tag: 0x0a })
  }
  // decodeContainer's own tags: 1 the head, 2 the children, 3 schema_url.
  const container = sources[0]!.slice(sources[0]!.indexOf('export function decodeContainer'))
  const containerTags = [...container.slice(0, container.indexOf('\n}\n')).matchAll(/t === 0x([0-9a-f]+)\) \{\s*r\.field = (?:names\.(\w+)|'(\w+)')/g)]
  expect(containerTags.length).toBe(3)
  for (const { msg, head, children } of containers) {
    for (const match of containerTags) {
      const field = match[3] ?? ({ head, children } as Record<string, string>)[match[2]!]!
      tags.push({ message: msg, field, tag: Number.parseInt(match[1]!, 16) })
    }
  }
  return tags
}

const TAGS = decoderTags()

describe('the decoders\u2019 tag constants', () => {
  it('are found in the sources, for every message the decoders read', () => {
    expect(new Set(TAGS.map((tag) => tag.message))).toEqual(new Set([
      'AnyValue', 'ArrayValue', 'KeyValueList', 'KeyValue', 'Resource', 'InstrumentationScope', 'LogRecord',
      'ScopeLogs', 'ResourceLogs', 'ExportLogsServiceRequest', 'Status', 'Span.Event', 'Span.Link', 'Span',
      'ScopeSpans', 'ResourceSpans', 'ExportTraceServiceRequest',
    ]))
  })

  it.each(TAGS.map((tag) => [`${tag.message}.${tag.field}`, tag] as const))('%s has the number and wire type of opentelemetry-proto', (_name, { message, field, tag }) => {
    expect(`0x${tag.toString(16)}`).toBe(`0x${expectedTag(message, field).toString(16)}`)
  })

  it('cover every field of every message they decode', () => {
    const read = new Set(TAGS.map((tag) => `${tag.message}.${tag.field}`))
    const unread = [...new Set(TAGS.map((tag) => tag.message))].flatMap((message) =>
      OTLP.get(message)!.fieldsArray.map((field) => `${message}.${field.name}`).filter((name) => !read.has(name)))
    expect(unread).toEqual([...SKIPPED_FIELDS])
  })
})
