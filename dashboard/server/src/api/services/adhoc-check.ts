import { randomUUID } from 'node:crypto'
import {
  AstDumpError, checkStatementAst, DENIED_FUNCTION_PREFIXES, DENIED_FUNCTIONS, parseAstDump, type AstNode, type SqlPolicy,
} from '@claimcheck/shared'
import type { AdhocConnection, Store } from '@claimcheck/shared/node'
import { AppError, isClickHouseError } from '../../errors.ts'
import { locate } from './sql-position.ts'

/**
 * ClickHouse decides what an ad hoc statement is; claimcheck only reads its answer:
 * 1. `formatQuery` parses the user's text with the engine's parser and prints it canonically
 *    (no comments, one quoting style); it refuses several statements.
 * 2. `formatQuery` of that canonical text succeeding proves it is a single statement, so the
 *    `EXPLAIN AST` of step 3 cannot carry a second one (chDB runs every statement it is given).
 * 3. `EXPLAIN AST` of the canonical text, with the request's parameters substituted, gives the
 *    syntax tree that `checkStatementAst` walks against the allow-lists.
 * 4. Each parameter is substituted once more with a marker: a marker that lands in an identifier
 *    means a parameter of type Identifier, which would name tables the walk must not take on trust.
 * Only the canonical text runs afterwards, on the same read-only connection: what ran is what was checked.
 */

/** Parameters accepted per query: each costs one more EXPLAIN in step 4. */
export const MAX_QUERY_PARAMS = 64

export function refuse(reason: string, details?: unknown): AppError {
  return new AppError(400, 'sql_refused', reason, true, details)
}

/** Where a ClickHouse syntax error points in `sql`: it counts 1-based bytes of the text it parsed. */
export function syntaxErrorPosition(message: string, sql: string) {
  const match = /failed at position (\d+)/.exec(message)
  if (!match) return undefined
  const offset = Buffer.from(sql, 'utf8').subarray(0, Math.max(0, Number(match[1]) - 1)).toString('utf8').length
  return locate(sql, offset)
}

/** ClickHouse's message without the `In scope SELECT formatQuery('…')` tail that repeats the whole SQL. */
function ownMessage(message: string): string {
  return message.replace(/\s*:\s*In scope SELECT formatQuery[\s\S]*$/, '').trim()
}

const FORMAT = 'SELECT formatQuery({sql:String})'

async function canonicalOf(connection: AdhocConnection, sql: string, signal?: AbortSignal): Promise<string> {
  let canonical: string
  try {
    canonical = (await connection.text(FORMAT, { sql }, signal)).replace(/\n$/, '')
  } catch (error) {
    if (!isClickHouseError(error)) throw error
    const position = syntaxErrorPosition(error.message, sql)
    if (/Multi-statements are not allowed/.test(error.message)) throw refuse('Only one statement per query', position)
    throw new AppError(400, `clickhouse_${error.code}`, ownMessage(error.message), true, position)
  }
  if (!canonical.trim()) throw refuse('The query is empty')
  try {
    await connection.text(FORMAT, { sql: canonical }, signal)
  } catch (error) {
    if (!isClickHouseError(error)) throw error
    throw refuse(`ClickHouse could not read its own formatting of this query back as one statement: ${ownMessage(error.message)}`)
  }
  return canonical
}

async function explain(connection: AdhocConnection, canonical: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<AstNode> {
  let dump: string
  try {
    dump = await connection.text(`EXPLAIN AST ${canonical}`, params, signal)
  } catch (error) {
    if (!isClickHouseError(error)) throw error
    // readonly = 1 refuses any SETTINGS clause already while explaining: nothing was applied.
    if (error.code === '164') throw refuse(`SETTINGS is not allowed: ad hoc limits are fixed (${ownMessage(error.message)})`)
    throw new AppError(400, `clickhouse_${error.code}`, ownMessage(error.message), true)
  }
  try {
    return parseAstDump(dump)
  } catch (error) {
    if (error instanceof AstDumpError) throw refuse(`The query could not be checked: ${error.message}`)
    throw error
  }
}

function mentions(node: AstNode, marker: string): boolean {
  if ((node.kind === 'Identifier' || node.kind === 'TableIdentifier' || node.kind === 'Function') && node.label.includes(marker)) return true
  return node.children.some((child) => mentions(child, marker))
}

async function refuseIdentifierParams(connection: AdhocConnection, canonical: string, params: Record<string, unknown>, signal?: AbortSignal) {
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue
    const marker = `claimcheck_param_${randomUUID().replaceAll('-', '')}`
    let tree: AstNode
    try {
      tree = parseAstDump(await connection.text(`EXPLAIN AST ${canonical}`, { ...params, [name]: marker }, signal))
    } catch {
      continue // the marker is no value of the parameter's type: it is not an Identifier
    }
    if (mentions(tree, marker)) throw refuse(`Parameter {${name}} is used as an identifier: parameters of type Identifier are not allowed, name tables and columns in the SQL`)
  }
}

const policies = new WeakMap<Store, Promise<SqlPolicy>>()

/** The engine's table functions and the aliases of denied functions, read once per store. */
export function policyOf(store: Store, connection: AdhocConnection): Promise<SqlPolicy> {
  let policy = policies.get(store)
  if (!policy) {
    const lines = (text: string) => new Set(text.split('\n').filter(Boolean))
    const denied = [...DENIED_FUNCTIONS.map((name) => name.toLowerCase())]
    policy = Promise.all([
      connection.text('SELECT lower(name) FROM system.table_functions'),
      connection.text(
        "SELECT lower(name) FROM system.functions WHERE alias_to != '' AND (has({denied:Array(String)}, lower(alias_to)) OR arrayExists(p -> startsWith(lower(alias_to), p), {prefixes:Array(String)}))",
        { denied, prefixes: [...DENIED_FUNCTION_PREFIXES] },
      ),
    ]).then(([tableFunctions, aliases]) => ({ database: store.database, tableFunctions: lines(tableFunctions), deniedAliases: lines(aliases) }))
    policy.catch(() => policies.delete(store))
    policies.set(store, policy)
  }
  return policy
}

export interface CheckedStatement {
  /** The engine's canonical text of the query: what runs. */
  sql: string
  /** The root of its syntax tree: `SelectWithUnionQuery`, `Explain`, `DescribeQuery` or `ShowTables`. */
  kind: string
}

/** Checks `sql` on `connection`; returns the canonical statement to run, or throws a 400. */
export async function checkAdhocStatement(
  connection: AdhocConnection, sql: string, params: Record<string, unknown>, policy: SqlPolicy, signal?: AbortSignal,
): Promise<CheckedStatement> {
  if (Object.keys(params).length > MAX_QUERY_PARAMS) throw refuse(`At most ${MAX_QUERY_PARAMS} parameters per query`)
  const canonical = await canonicalOf(connection, sql, signal)
  const tree = await explain(connection, canonical, params, signal)
  const refusal = checkStatementAst(tree, policy)
  if (refusal) throw refuse(refusal.reason)
  await refuseIdentifierParams(connection, canonical, params, signal)
  return { sql: canonical, kind: tree.kind }
}
