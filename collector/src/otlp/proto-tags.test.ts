import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { OTLP_PROTO_DEFINITIONS } from './proto-definitions.ts'

// The hand-written decoders' tag constants checked against the OpenTelemetry proto definitions
// themselves (vendored, unedited, in collector/test/fixtures/opentelemetry-proto: see its README):
// every `case 0x…: r.field = '…'` of decode-proto*.ts must be (field number << 3) | wire type of
// that field of that message, every field of a decoded message must have its tag, and the short
// definitions the differential test encodes with must agree with the real ones field by field.

const HERE = new URL('.', import.meta.url).pathname
const PROTO_DIR = join(HERE, '../../test/fixtures/opentelemetry-proto')
const PROTO_FILES = ['collector/logs/v1/logs_service.proto', 'collector/trace/v1/trace_service.proto'].map((file) => `opentelemetry/proto/${file}`)

function loadOtlp(): Map<string, protobuf.Type> {
  const root = new protobuf.Root()
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target)
  root.loadSync(PROTO_FILES, { keepCase: true }).resolveAll()
  // Messages by their name inside their package (`Span.Event`), as the decoders' `r.msg` says.
  const types = new Map<string, protobuf.Type>()
  const walk = (ns: protobuf.NamespaceBase, prefix: string, inPackage: boolean): void => {
    for (const nested of ns.nestedArray) {
      if (nested instanceof protobuf.Type) {
        const name = inPackage ? `${prefix}${nested.name}` : nested.name
        types.set(name, nested)
        walk(nested, `${name}.`, true)
      } else if (nested instanceof protobuf.Namespace) walk(nested, '', false)
    }
  }
  walk(root, '', false)
  return types
}

const OTLP = loadOtlp()

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
    expect(unread).toEqual(KNOWN_UNREAD)
  })
})

/**
 * Fields of the definitions the decoders skip on purpose: the string-table indexes are meant for
 * the Profiling signal only (common.proto says other signals ignore them), entity references are
 * [Development]. A field added upstream and not read shows up here first.
 */
const KNOWN_UNREAD = ['AnyValue.string_value_strindex', 'KeyValue.key_strindex', 'Resource.entity_refs']

describe('the differential test\u2019s short definitions', () => {
  it('agree with opentelemetry-proto on every field they list (number, type; enums as int32)', () => {
    const short = protobuf.parse(OTLP_PROTO_DEFINITIONS, { keepCase: true }).root
    short.resolveAll()
    const disagreements: string[] = []
    for (const type of short.lookup('otlp')!.nestedArray.flatMap((nested) => (nested instanceof protobuf.Type ? [nested] : []))) {
      const name = { Event: 'Span.Event', Link: 'Span.Link' }[type.name] ?? type.name
      const real = OTLP.get(name)
      if (!real) {
        disagreements.push(`${name}: not in opentelemetry-proto`)
        continue
      }
      for (const field of type.fieldsArray) {
        const other = real.fields[field.name]
        const realType = other?.resolvedType instanceof protobuf.Enum ? 'int32' : other?.resolvedType ? other.resolvedType.name : other?.type
        const shortType = field.resolvedType ? field.resolvedType.name : field.type
        if (!other || other.id !== field.id || realType !== shortType || other.repeated !== field.repeated) {
          disagreements.push(`${name}.${field.name} = ${field.id} ${shortType}: opentelemetry-proto has ${other ? `${other.id} ${realType}` : 'no such field'}`)
        }
      }
    }
    expect(disagreements).toEqual([])
  })
})
