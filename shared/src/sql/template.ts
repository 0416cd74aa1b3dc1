import { onCluster, qualify, STAGING_TABLES, TABLES, type DdlContext } from '../schema/ddl.ts'
import { qualifyRead } from '../schema/distributed.ts'
import { schemaNames } from '../schema/columns.ts'

/**
 * The one way claimcheck builds SQL: a tagged template whose holes are parameters, identifiers
 * from an allow-list, or other fragments — never raw text. Rendering names the parameters
 * (`{p0:String}`), so fragments compose without name clashes, and no value ever reaches the
 * SQL text.
 */

/** ClickHouse types parameters may have. */
export type ParamType =
  | 'String' | 'Int64' | 'UInt64' | 'UInt32' | 'UInt16' | 'UInt8' | 'Float64'
  | 'Array(String)' | 'Array(UInt16)' | 'Array(UInt8)' | 'Array(DateTime)'

class Param {
  constructor(readonly value: unknown, readonly type: ParamType) {}
}

class Identifier {
  constructor(readonly name: string) {}
}

/** A SQL fragment: text pieces and the holes between them. Build with `sql`, render with `renderSql`. */
export class Fragment {
  constructor(readonly strings: readonly string[], readonly holes: readonly Hole[]) {}
}

type Hole = Param | Identifier | Fragment

/**
 * Tables and columns a query may name: what the migrations create (shared/src/schema/columns.ts),
 * the materialized views of TABLES, and the staging tables made outside the migrations. Derived,
 * so a new column needs no second edit here. `system.*` tables are written as SQL text, never
 * through `ident`: their names are fixed, not chosen at run time.
 */
const SCHEMA = schemaNames()
const IDENTIFIERS = new Set<string>([...Object.values(TABLES), ...Object.values(STAGING_TABLES), ...SCHEMA.tables, ...SCHEMA.columns])

export function sql(strings: TemplateStringsArray, ...holes: Hole[]): Fragment {
  for (const hole of holes) {
    if (!(hole instanceof Param || hole instanceof Identifier || hole instanceof Fragment)) {
      throw new TypeError('sql`…`: interpolate param(), ident() or sql`…`, never a raw value')
    }
  }
  return new Fragment(strings, holes)
}

export function param(value: unknown, type: ParamType): Param {
  return new Param(value, type)
}

/** A table or column name from the allow-list, back-quoted. */
export function ident(name: string): Identifier {
  if (!IDENTIFIERS.has(name)) throw new Error(`Identifier not allowed in SQL: ${name}`)
  return new Identifier(name)
}

/** An allow-listed table in the store's database (`db`.`table`), for code that is given a DdlContext. */
export function qualifiedTable(ctx: DdlContext, name: string): Fragment {
  ident(name)
  return new Fragment([qualify(ctx, name)], [])
}

/** `qualifiedTable` of the table a query reads the whole store from: `<table>_all` on a cluster (`qualifyRead`). */
export function qualifiedReadTable(ctx: DdlContext, name: string): Fragment {
  ident(name)
  return new Fragment([qualifyRead(ctx, name)], [])
}

/** ` ON CLUSTER \`name\`` on a cluster, nothing on a single node (the configured cluster, as the DDL names it). */
export function onClusterClause(ctx: DdlContext): Fragment {
  return new Fragment([onCluster(ctx)], [])
}

/**
 * The SELECT of one of claimcheck's own views as the store keeps it (`system.tables.as_select`
 * of a view the migrations created), spliced as it is: the rollup repair re-runs a view's own
 * query. Never pass anything else here.
 */
export function storedViewSelect(asSelect: string): Fragment {
  return new Fragment([asSelect], [])
}

const PLAIN_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * A table or column named in claimcheck's own configuration (the subject directory's), not in the
 * allow-list: each dot-separated part must be a plain identifier and is back-quoted. Never pass a
 * request value here.
 */
export function configuredIdent(name: string): Fragment {
  const parts = name.split('.')
  if (parts.length > 2 || !parts.every((part) => PLAIN_NAME_RE.test(part))) throw new Error(`Not a plain identifier: ${name}`)
  return new Fragment([parts.map((part) => `\`${part}\``).join('.')], [])
}

/** A result column name (`AS route`): a plain identifier, back-quoted; names no table or column. */
export function alias(name: string): Fragment {
  if (!PLAIN_NAME_RE.test(name)) throw new Error(`Not a plain alias: ${name}`)
  return new Fragment([`\`${name}\``], [])
}

/** Joins fragments with a separator (itself a fragment: `sql\` AND \``). */
export function join(fragments: readonly Fragment[], separator: Fragment): Fragment {
  if (fragments.length === 0) return sql``
  const strings: string[] = ['']
  const holes: Hole[] = []
  fragments.forEach((fragment, index) => {
    if (index > 0) {
      holes.push(separator)
      strings.push('')
    }
    holes.push(fragment)
    strings.push('')
  })
  return new Fragment(strings, holes)
}

export const EMPTY = sql``

export interface RenderedSql {
  sql: string
  params: Record<string, unknown>
}

/**
 * Renders a fragment: `{ sql, params }` with parameters named p0, p1, … in order of appearance.
 * `tableName` maps an identifier that names a table to the table the store reads (the raw tables'
 * configured names; `_all` on a cluster: `readTableName`); columns are never table names.
 */
export function renderSql(fragment: Fragment, tableName: (name: string) => string = (name) => name): RenderedSql {
  const params: Record<string, unknown> = {}
  let counter = 0
  const render = (part: Fragment): string => {
    let text = part.strings[0] ?? ''
    part.holes.forEach((hole, index) => {
      if (hole instanceof Fragment) text += render(hole)
      else if (hole instanceof Identifier) text += `\`${tableName(hole.name)}\``
      else {
        const name = `p${counter++}`
        params[name] = hole.value
        text += `{${name}:${hole.type}}`
      }
      text += part.strings[index + 1] ?? ''
    })
    return text
  }
  return { sql: render(fragment), params }
}
