import { describe, expect, it } from 'vitest'
import { AstDumpError, checkStatementAst, isDeniedFunction, isReadableTable, nameOf, parseAstDump, type SqlPolicy } from './sql-guard.ts'

// Dumps as chDB 3.4 (ClickHouse 26.7) prints them for `EXPLAIN AST …`; the integration test runs the real engine.
const policy: SqlPolicy = { database: 'claimcheck', tableFunctions: new Set(['file', 'url', 'numbers', 'merge', 'view']), deniedAliases: new Set(['dictgetalias']) }
const check = (dump: string) => checkStatementAst(parseAstDump(dump), policy)?.reason

const selectFrom = (table: string) => `SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Asterisk
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      ${table}`

describe('parseAstDump', () => {
  it('builds the tree with kinds, labels and children', () => {
    const root = parseAstDump(selectFrom('TableIdentifier claimcheck.t (alias z)') + '\n')
    expect(root.kind).toBe('SelectWithUnionQuery')
    const table = root.children[0]!.children[0]!.children[1]!.children[0]!.children[0]!.children[0]!
    expect([table.kind, nameOf(table), table.line]).toEqual(['TableIdentifier', 'claimcheck.t', 9])
  })

  it('refuses a dump whose lines do not add up to the declared children', () => {
    expect(() => parseAstDump('SelectWithUnionQuery (children 1)\n ExpressionList (children 1)')).toThrow(AstDumpError)
    // A name with a line break in it would add a line under a node that declares none.
    expect(() => parseAstDump("SelectWithUnionQuery (children 1)\n Identifier x\n  Literal '/etc/passwd'")).toThrow(/declares 0 children/)
    expect(() => parseAstDump('Literal 1\n  Literal 2')).toThrow(AstDumpError)
    expect(() => parseAstDump('')).toThrow(AstDumpError)
  })
})

describe('checkStatementAst', () => {
  it('allows a select from claimcheck tables, WITH names and readable system tables', () => {
    expect(check(selectFrom('TableIdentifier gateway_calls'))).toBeUndefined()
    expect(check(selectFrom('TableIdentifier claimcheck.gateway_calls'))).toBeUndefined()
    expect(check(selectFrom('TableIdentifier system.columns'))).toBeUndefined()
    expect(check(selectFrom('Function numbers (alias t) (children 1)\n       ExpressionList (children 1)\n        Literal UInt64_1'))).toBeUndefined()
  })

  it('refuses other databases, access-control system tables and denied table functions', () => {
    expect(check(selectFrom('TableIdentifier system.users'))).toMatch(/system\.users is not readable/)
    expect(check(selectFrom('TableIdentifier default.secret'))).toMatch(/default\.secret is not readable/)
    expect(check(selectFrom('TableIdentifier INFORMATION_SCHEMA.tables'))).toMatch(/not readable/)
    expect(check(selectFrom("Function url (children 1)\n       ExpressionList (children 1)\n        Literal 'http://x'"))).toMatch(/table function url\(\)/)
    expect(check(selectFrom("Function merge (children 1)\n       ExpressionList (children 1)\n        Literal 'system'"))).toMatch(/table function merge\(\)/)
  })

  it('refuses denied functions anywhere, aliases and case included', () => {
    const scalar = (name: string) => `SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Function ${name} (children 1)
     ExpressionList (children 1)
      Literal '/etc/passwd'`
    for (const name of ['file', 'FILE', 'url', 'dictGet', 'dictGetString', 'joinGet', 'dictGetAlias', 'currentRoles']) expect(check(scalar(name)), name).toMatch(/not allowed/)
    expect(check(scalar('lower'))).toBeUndefined()
  })

  it('refuses a table named on the right of IN', () => {
    const dump = `SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Literal UInt64_1
   Function notIn (children 1)
    ExpressionList (children 2)
     Identifier x
     Identifier system.users`
    expect(check(dump)).toMatch(/system\.users/)
  })

  it('refuses INTO OUTFILE, FORMAT and SETTINGS, nested SETTINGS included', () => {
    const withClause = (clause: string) => `SelectWithUnionQuery (children 2)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Literal UInt64_1
 ${clause}`
    expect(check(withClause("Literal '/tmp/x'"))).toMatch(/INTO OUTFILE/)
    expect(check(withClause('Identifier RawBLOB'))).toMatch(/FORMAT/)
    expect(check(withClause('Set'))).toMatch(/SETTINGS/)
    expect(check(`SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Literal UInt64_1
   Set`)).toMatch(/SETTINGS/)
  })

  it('allows EXPLAIN of a select with its own options, DESCRIBE and SHOW TABLES of allowed databases', () => {
    expect(check('Explain EXPLAIN PIPELINE (children 2)\n Set\n SelectWithUnionQuery (children 1)\n  ExpressionList')).toBeUndefined()
    expect(check('DescribeQuery (children 1)\n TableExpression (children 1)\n  TableIdentifier gateway_calls')).toBeUndefined()
    expect(check('DescribeQuery (children 1)\n TableExpression (children 1)\n  TableIdentifier system.grants')).toMatch(/system\.grants/)
    expect(check('ShowTables')).toBeUndefined()
    expect(check('ShowTables (children 1)\n Identifier system')).toBeUndefined()
    expect(check('ShowTables (children 1)\n Identifier JSON')).toMatch(/SHOW TABLES may list/)
  })

  it('refuses every other statement', () => {
    for (const dump of ['UseQuery', 'KillQueryQuery Literal_UInt64_1 ASYNC (children 1)\n Literal UInt64_1', 'SHOW USERS query', 'ShowCreateTableQuery system users (children 2)\n Identifier system\n Identifier users', 'InsertQuery', 'ExistsTableQuery  t (children 1)\n Identifier t']) {
      expect(check(dump), dump).toMatch(/Only read queries/)
    }
  })
})

describe('isDeniedFunction / isReadableTable', () => {
  it('denies table functions of the engine that are not allowed, and the dictionary family', () => {
    expect(isDeniedFunction('Merge', policy)).toBe(true)
    expect(isDeniedFunction('numbers', policy)).toBe(false)
    expect(isDeniedFunction('dictHas', policy)).toBe(true)
    expect(isDeniedFunction('count', policy)).toBe(false)
  })
  it('reads only claimcheck tables, unqualified names and listed system tables', () => {
    expect(isReadableTable('otel_logs', 'claimcheck')).toBe(true)
    expect(isReadableTable('claimcheck.otel_logs', 'claimcheck')).toBe(true)
    expect(isReadableTable('system.parts', 'claimcheck')).toBe(true)
    expect(isReadableTable('system.users', 'claimcheck')).toBe(false)
    expect(isReadableTable('system.parts.x', 'claimcheck')).toBe(false)
  })
  it('never reads the tables of users, sessions, API tokens and the audit log', () => {
    for (const name of ['claimcheck_users', 'claimcheck.claimcheck_sessions', 'CLAIMCHECK_API_TOKENS', 'claimcheck.Claimcheck_Audit_Log']) {
      expect(isReadableTable(name, 'claimcheck')).toBe(false)
    }
  })
})
