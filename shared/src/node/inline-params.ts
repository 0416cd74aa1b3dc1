/**
 * Query parameters written into the SQL as constants, for the embedded engine only. chDB runs
 * every parameterized query of the process one at a time (its parameter binding is not isolated
 * between connections, so the binding serializes them: chdb's index.js, `globalParamChain`), which
 * made the overview's eight queries wait for each other and for the collector's. A query without
 * parameters runs in parallel on its own connection.
 *
 * The constants cannot change the statement: strings are hex (`unhex('…')`, [0-9a-f] only), numbers
 * are checked digits, DateTimes a checked pattern, each wrapped in `CAST(…, 'Type')` with the
 * placeholder's own type, as ClickHouse's substitution does (`_CAST(literal, 'Type')`). Anything
 * else (another type, a null, an out-of-range number, a statement that would grow too long) keeps
 * the parameter binding: same result, only serialized.
 */

const INTEGER_RANGES: Record<string, readonly [bigint, bigint]> = {
  UInt8: [0n, 255n],
  UInt16: [0n, 65_535n],
  UInt32: [0n, 4_294_967_295n],
  UInt64: [0n, 18_446_744_073_709_551_615n],
  Int64: [-9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n],
}
const INTEGER_TEXT = /^-?\d{1,20}$/
const DATE_TIME_TEXT = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}|\d{1,10})$/
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_(), ]+)\}/
/**
 * The longest statement inlining may make. ClickHouse parses at most `max_query_size` (256 KiB) of
 * a statement, and bound values are not part of it: a long list (the request tokens the collector
 * reads at start, trace ids) stays bound rather than fail.
 */
export const MAX_INLINED_QUERY_BYTES = 128 * 1024

/** The constant a value of `type` becomes, without the outer CAST; undefined when it must stay a parameter. */
function scalar(value: unknown, type: string): string | undefined {
  if (type === 'String') {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') return undefined
    return `unhex('${Buffer.from(String(value), 'utf8').toString('hex')}')`
  }
  if (type === 'Float64') return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined
  if (type === 'DateTime') {
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value
    return typeof text === 'string' && DATE_TIME_TEXT.test(text) ? `'${text}'` : undefined
  }
  const range = INTEGER_RANGES[type]
  if (!range) return undefined
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : typeof value === 'bigint' || typeof value === 'string' ? String(value) : ''
  if (!INTEGER_TEXT.test(text)) return undefined
  const n = BigInt(text)
  return n >= range[0] && n <= range[1] ? n.toString() : undefined
}

/** `CAST(constant, 'Type')` for one parameter, or undefined. */
export function inlineParam(value: unknown, type: string): string | undefined {
  const array = /^Array\((.+)\)$/.exec(type)
  if (array) {
    if (!Array.isArray(value)) return undefined
    const items = value.map((item) => scalar(item, array[1]!))
    return items.every((item) => item !== undefined) ? `CAST([${items.join(', ')}], '${type}')` : undefined
  }
  const constant = scalar(value, type)
  return constant === undefined ? undefined : `CAST(${constant}, '${type}')`
}

/** Index just past a quoted literal or name that opens at `start` (`'…'`, `"…"`, `` `…` ``). */
function skipQuoted(text: string, start: number): number {
  const quote = text[start]
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === quote) {
      if (text[i + 1] !== quote) return i + 1
      i++
    }
  }
  return text.length
}

/**
 * The query with every `{name:Type}` placeholder replaced by its constant, or undefined when one
 * of them cannot be inlined (the caller then binds them as before). Placeholders inside string
 * literals, quoted names and comments are text, as ClickHouse's lexer reads them.
 */
export function inlineQueryParams(query: string, params: Record<string, unknown>): string | undefined {
  let out = ''
  let from = 0
  for (let i = 0; i < query.length;) {
    const c = query[i]!
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(query, i)
    } else if (c === '-' && query[i + 1] === '-') {
      const end = query.indexOf('\n', i)
      i = end === -1 ? query.length : end + 1
    } else if (c === '/' && query[i + 1] === '*') {
      const end = query.indexOf('*/', i + 2)
      i = end === -1 ? query.length : end + 2
    } else if (c === '{') {
      const match = PLACEHOLDER.exec(query.slice(i, i + 200))
      if (!match) {
        i++
        continue
      }
      const [whole, name, type] = match
      if (!Object.hasOwn(params, name!)) return undefined
      const constant = inlineParam(params[name!], type!.trim())
      if (constant === undefined) return undefined
      out += query.slice(from, i) + constant
      if (out.length > MAX_INLINED_QUERY_BYTES) return undefined
      i += whole.length
      from = i
    } else {
      i++
    }
  }
  out += query.slice(from)
  return Buffer.byteLength(out) > MAX_INLINED_QUERY_BYTES ? undefined : out
}
