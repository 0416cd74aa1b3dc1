/**
 * The ad hoc SQL policy, applied to ClickHouse's own parse of a statement: the engine formats the
 * user's text (`formatQuery`, which refuses several statements), dumps the canonical text's syntax
 * tree (`EXPLAIN AST`), and this module walks that tree against allow-lists. No SQL is tokenized
 * here: what the walk sees is what the engine will run, so quotes, comments or Unicode the engine
 * reads differently from any lexer of ours cannot hide anything (the issue's `‘…’`, `“…”` and
 * nested `/* /* *\/ *\/` bypasses of the old hand lexer).
 *
 * Pure: the engine calls live in the dashboard server (services/adhoc-check.ts).
 */
import { PRIVATE_TABLES } from '../schema/auth-tables.ts'

/** One node of an `EXPLAIN AST` dump: `Function file (alias f) (children 1)` → kind `Function`, label `file (alias f)`. */
export interface AstNode {
  kind: string
  label: string
  children: AstNode[]
  /** 1-based line of the dump, for messages and tests. */
  line: number
}

export class AstDumpError extends Error {
  override readonly name = 'AstDumpError'
}

const CHILDREN = / \(children (\d+)\)$/

/**
 * Parses the indented text of `EXPLAIN AST` (one space per depth). Strict: every node's declared
 * `(children N)` must match the lines under it, and a node that declares none has none, so a name
 * with a line break in it, which could add lines to the dump, is refused instead of misread.
 */
export function parseAstDump(text: string): AstNode {
  const lines = text.replace(/\n+$/, '').split('\n')
  const root: AstNode = { kind: '', label: '', children: [], line: 0 }
  const stack: { node: AstNode; depth: number; declared: number }[] = [{ node: root, depth: -1, declared: 1 }]
  lines.forEach((raw, index) => {
    const depth = raw.length - raw.trimStart().length
    const body = raw.trimStart()
    if (!body) throw new AstDumpError(`Empty line ${index + 1} in the syntax tree`)
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= depth) closeNode(stack.pop()!)
    const parent = stack[stack.length - 1]!
    if (depth !== parent.depth + 1) throw new AstDumpError(`Line ${index + 1} of the syntax tree is not under a node`)
    const declared = CHILDREN.exec(body)
    const head = declared ? body.slice(0, declared.index) : body
    const space = head.indexOf(' ')
    const node: AstNode = { kind: space < 0 ? head : head.slice(0, space), label: space < 0 ? '' : head.slice(space + 1), children: [], line: index + 1 }
    parent.node.children.push(node)
    stack.push({ node, depth, declared: declared ? Number(declared[1]) : 0 })
  })
  while (stack.length > 0) closeNode(stack.pop()!)
  return root.children[0]!
}

function closeNode({ node, declared }: { node: AstNode; declared: number }): void {
  if (node.children.length !== declared) {
    throw new AstDumpError(`Node ${node.kind} on line ${node.line} declares ${declared} children and has ${node.children.length}`)
  }
}

/** `Function numbers (alias t)` → `numbers`; `TableIdentifier cc.t (alias z)` → `cc.t`. */
export function nameOf(node: AstNode): string {
  const alias = node.label.lastIndexOf(' (alias ')
  return alias < 0 ? node.label : node.label.slice(0, alias)
}

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

/**
 * Table functions that only generate rows or run a subquery the walk also checks. Every other
 * table function the engine lists in `system.table_functions` is refused, wherever it appears:
 * files, URLs, object stores, other servers and databases, processes (`executable`), the request
 * body (`input`), SQL built at run time (`eval`), and readers that name tables by string
 * (`merge`, `loop`, `mergeTreeIndex`, `timeSeries*`…), which would escape the table rule.
 */
export const ALLOWED_TABLE_FUNCTIONS = [
  'numbers', 'numbers_mt', 'zeros', 'zeros_mt', 'primes', 'generateRandom', 'generateSeries', 'generate_series',
  'values', 'null', 'view', 'format',
] as const
const ALLOWED_TABLE = new Set<string>(ALLOWED_TABLE_FUNCTIONS.map((name) => name.toLowerCase()))

/**
 * Scalar functions refused: they read files (`file`), read tables or dictionaries named by a
 * string (`joinGet`, `dictGet…`, `hasColumnInTable`), load models from disk (`catboostEvaluate`),
 * or show access control and server configuration. Matched case-insensitively, aliases included
 * (the engine's `system.functions.alias_to`).
 */
export const DENIED_FUNCTIONS = [
  'file', 'joinGet', 'joinGetOrNull', 'hasColumnInTable', 'catboostEvaluate', 'modelEvaluate', 'getServerSetting',
  'getMergeTreeSetting', 'currentRoles', 'enabledRoles', 'defaultRoles', 'currentProfiles', 'enabledProfiles', 'defaultProfiles',
] as const
/** Families refused by prefix: every dictionary reader (`dictGet`, `dictGetString`, `dictHas`, `dictIsIn`…). */
export const DENIED_FUNCTION_PREFIXES = ['dict'] as const

/** Statements ad hoc SQL may be, by the kind of their syntax tree's root. */
export const ALLOWED_STATEMENTS = ['SelectWithUnionQuery', 'Explain', 'DescribeQuery', 'ShowTables'] as const
const STATEMENTS = new Set<string>(ALLOWED_STATEMENTS)

/** `x IN t`: the right side of these may be a table named by a bare identifier. */
const IN_FUNCTIONS = new Set(['in', 'notin', 'globalin', 'globalnotin', 'nullin', 'notnullin', 'globalnullin', 'globalnotnullin'])

/** What the walk needs to know about the engine and the deployment. */
export interface SqlPolicy {
  /** claimcheck's database: the only one whose tables may be named besides allow-listed `system` ones. */
  database: string
  /** Every table function the engine knows (`system.table_functions`), lower case. */
  tableFunctions: ReadonlySet<string>
  /** Functions that are aliases of a denied one (`system.functions.alias_to`), lower case. */
  deniedAliases?: ReadonlySet<string>
}

export interface SqlRefusal {
  reason: string
  /** The dump line of the node refused. */
  line: number
}

const DENIED = new Set<string>(DENIED_FUNCTIONS.map((name) => name.toLowerCase()))

export function isDeniedFunction(name: string, policy: Pick<SqlPolicy, 'tableFunctions' | 'deniedAliases'>): boolean {
  const lower = name.toLowerCase()
  if (DENIED.has(lower) || policy.deniedAliases?.has(lower)) return true
  if (DENIED_FUNCTION_PREFIXES.some((prefix) => lower.startsWith(prefix))) return true
  return policy.tableFunctions.has(lower) && !ALLOWED_TABLE.has(lower)
}

/** Whether `name` (as a TableIdentifier prints it: `db.table` or `table`) may be read. */
export function isReadableTable(name: string, database: string): boolean {
  // Users, sessions, tokens and the audit log: never readable, however the name is written.
  const table = name.slice(name.lastIndexOf('.') + 1).toLowerCase()
  if (PRIVATE.has(table)) return false
  if (!name.includes('.')) return true // a table of the current database (claimcheck's), or a WITH name
  if (name.startsWith(`${database}.`)) return true
  return name.startsWith('system.') && READABLE_SYSTEM.has(name.slice('system.'.length))
}

/** Refuses what ad hoc SQL may not do, or returns undefined. `root` is the statement's parsed dump. */
export function checkStatementAst(root: AstNode, policy: SqlPolicy): SqlRefusal | undefined {
  if (!STATEMENTS.has(root.kind)) {
    return { reason: `Only read queries are allowed (SELECT, WITH, UNION, EXPLAIN, DESCRIBE, SHOW TABLES), not ${describeStatement(root)}`, line: root.line }
  }
  const clauses = checkStatementClauses(root, policy)
  if (clauses) return clauses
  return walk(root, undefined, policy)
}

function describeStatement(root: AstNode): string {
  return `${root.kind}${root.label ? ` ${root.label}` : ''}`.slice(0, 60)
}

/** Children each statement kind may have; anything else is a clause of its own (FORMAT, INTO OUTFILE…). */
function checkStatementClauses(root: AstNode, policy: SqlPolicy): SqlRefusal | undefined {
  if (root.kind === 'Explain') {
    // An EXPLAIN's own options (`EXPLAIN actions = 1`) come first as a Set; they are not query settings.
    const children = root.children[0]?.kind === 'Set' ? root.children.slice(1) : root.children
    const [only, ...extra] = children
    if (!only || only.kind !== 'SelectWithUnionQuery') return { reason: 'Only EXPLAIN of a SELECT is allowed', line: root.line }
    return extra[0] ? refuseClause(extra[0]) : undefined
  }
  if (root.kind === 'DescribeQuery') {
    const [only, ...extra] = root.children
    if (only?.kind !== 'TableExpression') return { reason: 'DESCRIBE needs a table', line: root.line }
    return extra[0] ? refuseClause(extra[0]) : undefined
  }
  if (root.kind === 'ShowTables') {
    // `SHOW TABLES [FROM db]`: the one child is the database; a FORMAT would also be an identifier.
    const [from, ...extra] = root.children
    if (extra[0]) return refuseClause(extra[0])
    if (from && !(from.kind === 'Identifier' && (from.label === policy.database || from.label === 'system'))) {
      return { reason: `SHOW TABLES may list ${policy.database} or system only`, line: from.line }
    }
  }
  return undefined
}

function refuseClause(node: AstNode): SqlRefusal {
  if (node.kind === 'Literal') return { reason: 'INTO OUTFILE is not allowed: download results with format=csv or json', line: node.line }
  if (node.kind === 'Identifier') return { reason: 'A FORMAT clause is not allowed: use the format parameter', line: node.line }
  if (node.kind === 'Set') return { reason: 'SETTINGS is not allowed: ad hoc limits are fixed', line: node.line }
  return { reason: `${node.kind} is not allowed in ad hoc SQL`, line: node.line }
}

function walk(node: AstNode, parent: AstNode | undefined, policy: SqlPolicy): SqlRefusal | undefined {
  const refusal = checkNode(node, parent, policy)
  if (refusal) return refusal
  for (const child of node.children) {
    const found = walk(child, node, policy)
    if (found) return found
  }
  return undefined
}

function checkNode(node: AstNode, parent: AstNode | undefined, policy: SqlPolicy): SqlRefusal | undefined {
  switch (node.kind) {
    case 'Set':
      if (parent?.kind === 'Explain' && parent.children[0] === node) return undefined
      return refuseClause(node)
    case 'SelectWithUnionQuery': {
      const [list, extra] = node.children
      if (list?.kind !== 'ExpressionList') return { reason: 'Unexpected query shape', line: node.line }
      return extra ? refuseClause(extra) : undefined
    }
    case 'Function': {
      const name = nameOf(node).split(' ')[0]!
      if (parent?.kind === 'TableExpression' && !ALLOWED_TABLE.has(name.toLowerCase())) {
        return { reason: `The table function ${name}() is not allowed in ad hoc SQL (allowed: ${ALLOWED_TABLE_FUNCTIONS.join(', ')})`, line: node.line }
      }
      if (isDeniedFunction(name, policy)) {
        return { reason: `${name}() reaches outside claimcheck's tables (files, network, other databases, dictionaries or access control), and is not allowed in ad hoc SQL`, line: node.line }
      }
      if (IN_FUNCTIONS.has(name.toLowerCase())) {
        const right = node.children[0]?.children[1]
        if (right?.kind === 'Identifier' && !isReadableTable(nameOf(right), policy.database)) return refuseTable(nameOf(right), right)
      }
      return undefined
    }
    case 'TableIdentifier': {
      const name = nameOf(node)
      return isReadableTable(name, policy.database) ? undefined : refuseTable(name, node)
    }
    default:
      return undefined
  }
}

function refuseTable(name: string, node: AstNode): SqlRefusal {
  const reason = PRIVATE.has(name.slice(name.lastIndexOf('.') + 1).toLowerCase())
    ? `${name} holds credentials or the audit log and is not readable from ad hoc SQL`
    : name.startsWith('system.')
    ? `${name} is not readable from ad hoc SQL: it describes access control or holds credentials`
    : `${name} is not readable from ad hoc SQL: only claimcheck's tables and some system tables are`
  return { reason, line: node.line }
}
