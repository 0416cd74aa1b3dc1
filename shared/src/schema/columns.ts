import type { DdlContext } from './ddl.ts'
import { createBookkeeping, MIGRATIONS, type Migration } from './migrations.ts'

/**
 * The tables and columns the migrations create, read from their own DDL: the identifier
 * allow-list of the SQL builder is this, so a column added by a new migration is allowed without
 * a second list to edit (the list once was hand-copied and could drift). Nested columns appear
 * as ClickHouse names them (`Events.Timestamp`).
 */
export interface SchemaNames {
  tables: Set<string>
  columns: Set<string>
}

const SINGLE_NODE: DdlContext = { database: 'default' }
const CREATE_TABLE_RE = /CREATE TABLE (?:IF NOT EXISTS )?(?:`?\w+`?\.)?`?(\w+)`?\s*\(/g
const ADD_COLUMN_RE = /ALTER TABLE (?:`?\w+`?\.)?`?(\w+)`?[^;]*?ADD COLUMN (?:IF NOT EXISTS )?`?(\w+)`?/g
const NOT_A_COLUMN = new Set(['INDEX', 'PROJECTION', 'CONSTRAINT'])

/** The text between the parenthesis at `open` and its partner. */
function balanced(text: string, open: number): string {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i)
  }
  throw new Error(`Unbalanced parentheses in DDL: ${text.slice(open, open + 60)}`)
}

/** Splits a column list at its top-level commas. */
function definitions(body: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '(') depth++
    else if (body[i] === ')') depth--
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i))
      start = i + 1
    }
  }
  parts.push(body.slice(start))
  return parts.map((part) => part.trim()).filter(Boolean)
}

function columnsOf(body: string, prefix = ''): string[] {
  const names: string[] = []
  for (const definition of definitions(body)) {
    const name = /^`?(\w+)`?/.exec(definition)?.[1]
    if (!name || NOT_A_COLUMN.has(name.toUpperCase())) continue
    const nested = /^`?\w+`?\s+Nested\s*\(/.exec(definition)
    if (nested) names.push(...columnsOf(balanced(definition, nested[0].length - 1), `${prefix}${name}.`))
    else names.push(`${prefix}${name}`)
  }
  return names
}

/** Tables and columns created by `migrations` (after the bookkeeping tables) on a single node. */
export function schemaNames(migrations: readonly Migration[] = MIGRATIONS): SchemaNames {
  const tables = new Set<string>()
  const columns = new Set<string>()
  const statements = [...createBookkeeping(SINGLE_NODE), ...migrations.flatMap((migration) => migration.statements(SINGLE_NODE))]
  for (const statement of statements) {
    for (const match of statement.matchAll(CREATE_TABLE_RE)) {
      tables.add(match[1]!)
      for (const column of columnsOf(balanced(statement, match.index + match[0].length - 1))) columns.add(column)
    }
    for (const match of statement.matchAll(ADD_COLUMN_RE)) columns.add(match[2]!)
  }
  return { tables, columns }
}
