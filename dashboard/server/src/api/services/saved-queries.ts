import { randomUUID } from 'node:crypto'
import { SAVED_QUERIES_TABLE, type SavedQuery, type SavedQueryCreate, type SavedQueryUpdate } from '@claimcheck/shared'
import { AppError, NotFoundError } from '../../errors.ts'
import { queryRows, toNumber, type QueryContext } from '../runner.ts'
import { ident, param, sql, type Fragment } from '@claimcheck/shared/node'
import { validateAdhocSql } from './adhoc.ts'

const TABLE = SAVED_QUERIES_TABLE

function buildSavedQueriesQuery(id?: string): Fragment {
  const where = id === undefined ? sql`` : sql`WHERE ${ident('Id')} = ${param(id, 'String')}`
  const latest = (column: string) => sql`argMax(${ident(column)}, ${ident('UpdatedAt')})`
  return sql`SELECT ${ident('Id')} AS id, ${latest('Name')} AS name, ${latest('Sql')} AS sql, ${latest('Description')} AS description,
  toUnixTimestamp64Milli(min(${ident('CreatedAt')})) AS createdAt, toUnixTimestamp64Milli(max(${ident('UpdatedAt')})) AS updatedAt,
  ${latest('Deleted')} AS deleted
FROM ${ident(TABLE)}
${where}
GROUP BY ${ident('Id')}
HAVING deleted = 0
ORDER BY name, id`
}

type Row = Omit<SavedQuery, 'createdAt' | 'updatedAt'> & { createdAt: unknown; updatedAt: unknown }
const toSaved = ({ createdAt, updatedAt, id, name, sql: text, description }: Row): SavedQuery => ({
  id, name, sql: text, description, createdAt: toNumber(createdAt), updatedAt: toNumber(updatedAt),
})

export async function listSavedQueries(context: QueryContext): Promise<SavedQuery[]> {
  return (await queryRows<Row>(context, buildSavedQueriesQuery())).map(toSaved)
}

export async function getSavedQuery(context: QueryContext, id: string): Promise<SavedQuery> {
  const [row] = await queryRows<Row>(context, buildSavedQueriesQuery(id))
  if (!row) throw new NotFoundError(`Saved query ${id}`)
  return toSaved(row)
}

async function assertNameFree(context: QueryContext, name: string, id?: string): Promise<void> {
  const clash = (await listSavedQueries(context)).find((query) => query.name === name && query.id !== id)
  if (clash) throw new AppError(409, 'conflict', `A saved query named "${name}" exists`)
}

/** DateTime64(3) as text: unix seconds with milliseconds, free of time zones. */
const seconds = (ms: number) => (ms / 1000).toFixed(3)

async function write(context: QueryContext, query: SavedQuery, deleted = false): Promise<void> {
  await context.store.writer.insert({
    table: TABLE,
    values: [{
      Id: query.id, Name: query.name, Sql: query.sql, Description: query.description,
      CreatedAt: seconds(query.createdAt), UpdatedAt: seconds(query.updatedAt), Deleted: deleted ? 1 : 0,
    }],
    format: 'JSONEachRow',
  })
}

export async function createSavedQuery(context: QueryContext, input: SavedQueryCreate): Promise<SavedQuery> {
  // The same engine check as a run: a saved query is refused when it is saved, and again when it runs.
  await validateAdhocSql(context, input.sql)
  await assertNameFree(context, input.name)
  const now = Date.now()
  const query: SavedQuery = { id: randomUUID(), ...input, createdAt: now, updatedAt: now }
  await write(context, query)
  return query
}

export async function updateSavedQuery(context: QueryContext, id: string, update: SavedQueryUpdate): Promise<SavedQuery> {
  const current = await getSavedQuery(context, id)
  if (update.sql !== undefined) await validateAdhocSql(context, update.sql)
  if (update.name !== undefined) await assertNameFree(context, update.name, id)
  // Versions are ordered by UpdatedAt: never write one that ties with the previous.
  const query: SavedQuery = { ...current, ...update, updatedAt: Math.max(Date.now(), current.updatedAt + 1) }
  await write(context, query)
  return query
}

export async function deleteSavedQuery(context: QueryContext, id: string): Promise<void> {
  const current = await getSavedQuery(context, id)
  await write(context, { ...current, updatedAt: Math.max(Date.now(), current.updatedAt + 1) }, true)
}
