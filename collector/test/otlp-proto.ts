import { join } from 'node:path'
import protobuf from 'protobufjs'

/**
 * The vendored opentelemetry-proto definitions (fixtures/opentelemetry-proto, see its README),
 * loaded with protobufjs for the decoder tests: the library decoder of the differential test and
 * the field numbers the tag test checks the hand-written decoders against.
 */

const PROTO_DIR = join(new URL('.', import.meta.url).pathname, 'fixtures/opentelemetry-proto')
const ENTRY_FILES = ['collector/logs/v1/logs_service.proto', 'collector/trace/v1/trace_service.proto'].map((file) => `opentelemetry/proto/${file}`)

export function loadOtlpRoot(): protobuf.Root {
  const root = new protobuf.Root()
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target)
  root.loadSync(ENTRY_FILES, { keepCase: true }).resolveAll()
  return root
}

/** Messages by their name inside their package (`Span.Event`), as the decoders' `r.msg` names them. */
export function otlpTypes(root: protobuf.Root): Map<string, protobuf.Type> {
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

/**
 * Fields the decoders skip on purpose: the string-table indexes are meant for the Profiling signal
 * only (common.proto says other signals ignore them), entity references are [Development].
 */
export const SKIPPED_FIELDS: ReadonlySet<string> = new Set(['AnyValue.string_value_strindex', 'KeyValue.key_strindex', 'Resource.entity_refs'])
