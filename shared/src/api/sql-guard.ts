/**
 * The ad hoc SQL guard: refuses, before execution and with a position, what must never run on
 * the ad hoc connection. ClickHouse's `readonly = 1` on that connection stays the real guard for
 * writes and settings; this one exists because the embedded engine lets a read-only connection
 * read files (`SELECT file('/etc/passwd')`) and write them (`INTO OUTFILE`), and because a clear
 * 400 beats an engine error. It reads SQL as ClickHouse's lexer does — strings, quoted
 * identifiers, heredocs and comments — and where the two could disagree it errs on refusing.
 */
import { PRIVATE_TABLES } from '../schema/auth-tables.ts'

export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct'

export interface SqlToken {
  kind: SqlTokenKind
  /** Source text; for quoted identifiers, the name without quotes. */
  text: string
  /** 0-based offset of the first character. */
  start: number
  end: number
}

export class SqlLexError extends Error {
  override readonly name = 'SqlLexError'
  constructor(message: string, readonly offset: number) {
    super(message)
  }
}

const WORD_START = /[A-Za-z_\u0080-\uFFFF]/
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uFFFF]/
const NUMBER = /^(?:0x[0-9a-f]+|0b[01]+|\d+(?:\.\d*)?(?:e[+-]?\d+)?)/i
const HEREDOC_TAG = /^\$[A-Za-z0-9_]*\$/

/** Significant tokens of `sql`: comments and whitespace dropped. Throws SqlLexError on unterminated text. */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = []
  let i = 0
  while (i < sql.length) {
    const c = sql[i]!
    const next = sql[i + 1]
    if (/\s/.test(c)) {
      i++
    } else if ((c === '-' && next === '-') || (c === '#' && (next === ' ' || next === '!'))) {
      const eol = sql.indexOf('\n', i)
      i = eol < 0 ? sql.length : eol + 1
    } else if (c === '/' && next === '*') {
      // The first `*/` closes, even if ClickHouse nests comments: ending early can only show us more code.
      const close = sql.indexOf('*/', i + 2)
      if (close < 0) throw new SqlLexError('Unterminated /* comment', i)
      i = close + 2
    } else if (c === "'" || c === '"' || c === '`') {
      const end = closeQuote(sql, i, c)
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text: c === "'" ? sql.slice(i, end) : unquote(sql.slice(i + 1, end - 1), c), start: i, end })
      i = end
    } else if (c === '$' && HEREDOC_TAG.test(sql.slice(i, i + 130))) {
      const tag = HEREDOC_TAG.exec(sql.slice(i, i + 130))![0]
      const close = sql.indexOf(tag, i + tag.length)
      if (close < 0) throw new SqlLexError(`Unterminated ${tag} string`, i)
      tokens.push({ kind: 'string', text: sql.slice(i, close + tag.length), start: i, end: close + tag.length })
      i = close + tag.length
    } else if (/\d/.test(c)) {
      const text = NUMBER.exec(sql.slice(i, i + 400))![0]
      tokens.push({ kind: 'number', text, start: i, end: i + text.length })
      i += text.length
    } else if (WORD_START.test(c)) {
      let end = i + 1
      while (end < sql.length && WORD_CHAR.test(sql[end]!)) end++
      tokens.push({ kind: 'word', text: sql.slice(i, end), start: i, end })
      i = end
    } else {
      tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 })
      i++
    }
  }
  return tokens
}

/** End offset (exclusive) of the quoted text opening at `start`; `\x` escapes, a doubled quote is one. */
function closeQuote(sql: string, start: number, quote: string): number {
  let i = start + 1
  while (i < sql.length) {
    const c = sql[i]
    if (c === '\\') i += 2
    else if (c === quote && sql[i + 1] === quote) i += 2
    else if (c === quote) return i + 1
    else i++
  }
  throw new SqlLexError(`Unterminated ${quote === "'" ? 'string' : 'quoted identifier'}`, start)
}

function unquote(body: string, quote: string): string {
  return body.replaceAll(quote + quote, quote).replace(/\\(.)/g, '$1')
}

/** Statements ad hoc SQL may start with. */
export const READ_STATEMENTS = ['select', 'with', 'show', 'describe', 'desc', 'explain', 'exists'] as const

/**
 * Functions (table or scalar) refused in ad hoc SQL: they reach outside the database (files,
 * network, other servers, processes), execute SQL built at run time (`eval`, which would hide
 * the rest of this list), or dump admin-configured dictionaries whose sources may be other
 * databases. Matched case-insensitively, quoted or not. The integration test checks that every
 * table function the engine knows is either here or in `LOCAL_TABLE_FUNCTIONS`.
 */
export const DENIED_FUNCTIONS = [
  'file', 'fileCluster', 'filesystem', 'url', 'urlCluster', 's3', 's3Cluster', 'gcs', 'oss', 'cosn', 'hdfs',
  'hdfsCluster', 'azureBlobStorage', 'azureBlobStorageCluster', 'remote', 'remoteSecure', 'cluster',
  'clusterAllReplicas', 'mysql', 'postgresql', 'mongodb', 'redis', 'sqlite', 'jdbc', 'odbc', 'executable', 'input',
  'dictionary', 'eval', 'ytsaurus', 'arrowstream', 'arrowFlight', 'catboostEvaluate', 'hive',
] as const
/** Families refused by prefix: data-lake readers, each with S3/Azure/HDFS/Local/Cluster variants. */
export const DENIED_FUNCTION_PREFIXES = ['iceberg', 'deltalake', 'hudi', 'paimon'] as const

/** Table functions that only produce or read local data: allowed. */
export const LOCAL_TABLE_FUNCTIONS = [
  'numbers', 'numbers_mt', 'zeros', 'zeros_mt', 'primes', 'generateRandom', 'generateSeries', 'generate_series',
  'values', 'SQLStandardValues', 'null', 'view', 'viewIfPermitted', 'viewExplain', 'merge', 'loop', 'format',
  'fuzzJSON', 'fuzzQuery', 'mergeTreeIndex', 'mergeTreeAnalyzeIndexes', 'mergeTreeAnalyzeIndexesUUID',
  'mergeTreeProjection', 'mergeTreeTextIndex', 'timeSeriesData', 'timeSeriesMetrics', 'timeSeriesSamples',
  'timeSeriesSelector', 'timeSeriesTags', 'prometheusQuery', 'prometheusQueryRange',
] as const

const DENIED = new Set<string>(DENIED_FUNCTIONS.map((name) => name.toLowerCase()))

/**
 * The `system` tables ad hoc SQL may read: schema, storage, activity and reference tables. The
 * rest (users, roles, grants, quotas, settings profiles, row policies, named collections,
 * dictionaries with their source settings, ZooKeeper…) describe access control or hold
 * credentials, and the readonly setting does not hide them.
 */
export const READABLE_SYSTEM_TABLES = [
  'aggregate_function_combinators', 'asynchronous_metrics', 'build_options', 'clusters', 'collations', 'columns',
  'contributors', 'data_skipping_indices', 'data_type_families', 'databases', 'detached_parts', 'disks', 'errors',
  'events', 'formats', 'functions', 'merges', 'metrics', 'moves', 'mutations', 'numbers', 'numbers_mt', 'one',
  'parts', 'parts_columns', 'processes', 'projection_parts', 'projections', 'query_log', 'replicas', 'settings',
  'table_engines', 'table_functions', 'tables', 'time_zones', 'zeros', 'zeros_mt',
] as const
const READABLE_SYSTEM = new Set<string>(READABLE_SYSTEM_TABLES)
const PRIVATE = new Set<string>(PRIVATE_TABLES)

/** SHOW statements about access control: they list users, roles, grants and the like. */
const ACCESS_SHOW_WORDS = new Set(['users', 'user', 'roles', 'role', 'grants', 'profiles', 'profile', 'quota', 'quotas', 'policies', 'policy', 'access', 'dictionaries', 'dictionary', 'named'])

export function isDeniedFunction(name: string): boolean {
  const lower = name.toLowerCase()
  return DENIED.has(lower) || DENIED_FUNCTION_PREFIXES.some((prefix) => lower.startsWith(prefix))
}

export type SqlCheck =
  | { ok: true; /** The statement without a trailing `;` or trailing comments. */ sql: string }
  | { ok: false; reason: string; /** 0-based offset of the offending text. */ offset: number }

/** Decides whether `sql` may run as ad hoc SQL. Pure; never executes anything. */
export function checkAdhocSql(sql: string): SqlCheck {
  let tokens: SqlToken[]
  try {
    tokens = tokenizeSql(sql)
  } catch (error) {
    if (error instanceof SqlLexError) return { ok: false, reason: error.message, offset: error.offset }
    throw error
  }
  const semicolon = tokens.findIndex((token) => token.kind === 'punct' && token.text === ';')
  if (semicolon >= 0) {
    const rest = tokens.slice(semicolon + 1).find((token) => !(token.kind === 'punct' && token.text === ';'))
    if (rest) return { ok: false, reason: 'Only one statement per query', offset: rest.start }
    tokens = tokens.slice(0, semicolon)
  }
  const first = tokens[0]
  if (!first) return { ok: false, reason: 'The query is empty', offset: 0 }
  const isOpenParen = first.kind === 'punct' && first.text === '('
  if (!isOpenParen && !(first.kind === 'word' && (READ_STATEMENTS as readonly string[]).includes(first.text.toLowerCase()))) {
    return {
      ok: false,
      reason: `Only read queries are allowed (${READ_STATEMENTS.map((s) => s.toUpperCase()).join(', ')}), not ${first.text.slice(0, 40)}`,
      offset: first.start,
    }
  }
  if (first.kind === 'word' && first.text.toLowerCase() === 'show') {
    const about = tokens.slice(1, 4).find((token) => token.kind === 'word' && ACCESS_SHOW_WORDS.has(token.text.toLowerCase()))
    if (about) return { ok: false, reason: `SHOW ${about.text.toUpperCase()} is not allowed: access control is not readable from ad hoc SQL`, offset: about.start }
  }
  for (let i = 0; i < tokens.length; i++) {
    const refusal = refuseToken(tokens, i)
    if (refusal) return { ok: false, reason: refusal, offset: tokens[i]!.start }
  }
  return { ok: true, sql: sql.slice(0, tokens[tokens.length - 1]!.end) }
}

function refuseToken(tokens: SqlToken[], i: number): string | undefined {
  const token = tokens[i]!
  if (token.kind !== 'word' && token.kind !== 'quoted') return undefined
  const next = tokens[i + 1]
  const callsFunction = next?.kind === 'punct' && next.text === '('
  if (callsFunction && isDeniedFunction(token.text)) {
    return `${token.text}() reaches outside the database or runs generated SQL, and is not allowed in ad hoc SQL`
  }
  const dotted = next?.kind === 'punct' && next.text === '.'
  const table = tokens[i + 2]
  // A private table named anywhere, bare or quoted (also inside a quoted identifier).
  const name = token.text.replace(/^[`"]|[`"]$/g, '').toLowerCase()
  if (PRIVATE.has(name) || (token.kind === 'quoted' && [...PRIVATE].some((table) => name.includes(table)))) {
    return `${name} holds credentials or the audit log and is not readable from ad hoc SQL`
  }
  if (token.text.toLowerCase() === 'system' && dotted && table && (table.kind === 'word' || table.kind === 'quoted') && !READABLE_SYSTEM.has(table.text.toLowerCase())) {
    return `system.${table.text} is not readable from ad hoc SQL: it describes access control or holds credentials`
  }
  // merge('db', 'regexp') reads tables of another database: only a database named literally, never system.
  if (callsFunction && token.text.toLowerCase() === 'merge') {
    const database = tokens[i + 2]
    if (!database || database.kind !== 'string' || database.text.slice(1, -1).toLowerCase() === 'system') {
      return "merge() needs its database as a string literal, and not 'system'"
    }
    // …and its table regexp as a literal that matches no private table (RE2 and JS agree on the
    // plain patterns people write; one JS cannot compile is refused rather than guessed).
    const pattern = tokens[i + 4]
    let matcher: RegExp | undefined
    try {
      matcher = pattern?.kind === 'string' ? new RegExp(pattern.text.slice(1, -1)) : undefined
    } catch {
      matcher = undefined
    }
    if (!matcher || PRIVATE_TABLES.some((table) => matcher.test(table))) {
      return 'merge() needs its table regexp as a string literal that matches no table holding credentials or the audit log'
    }
  }
  if (token.kind !== 'word') return undefined
  const afterDot = tokens[i - 1]?.kind === 'punct' && tokens[i - 1]!.text === '.'
  const keyword = token.text.toLowerCase()
  if (keyword === 'settings' && !afterDot && !callsFunction) return 'SETTINGS is not allowed: ad hoc limits are fixed'
  if (keyword === 'outfile' && !afterDot) return 'INTO OUTFILE is not allowed: download results with format=csv or json'
  if (keyword === 'format' && !afterDot && !callsFunction) return 'A FORMAT clause is not allowed: use the format parameter'
  return undefined
}
