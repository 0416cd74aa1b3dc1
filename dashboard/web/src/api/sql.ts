import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { AdhocQueryResponseSchema, SavedQueryListSchema, SavedQuerySchema, type SavedQueryCreate } from '@claimcheck/shared'
import { deleteResource, getJson, postJson } from './client.ts'
import { PATHS } from './params.ts'

/**
 * Runs the SQL named in the URL. `run` counts presses of "Run", so running the same text again
 * re-executes it; a copied link (run = 0) runs its SQL once on open.
 */
export const sqlQueryKey = (sqlText: string, run: number) => ['sql', sqlText, run] as const

export function useAdhocQuery(sqlText: string, run: number) {
  return useQuery({
    queryKey: sqlQueryKey(sqlText, run),
    queryFn: ({ signal }) => postJson(PATHS.sql, { sql: sqlText }, AdhocQueryResponseSchema, signal),
    enabled: sqlText.trim() !== '',
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  })
}

const COLUMNS_SQL = "SELECT table, name, type FROM system.columns WHERE database = currentDatabase() AND table NOT LIKE '.inner%' ORDER BY table, position"

/** Tables and columns of the database, through the same read-only SQL endpoint, for completion. */
export function useSqlSchema() {
  return useQuery({
    queryKey: ['sql-schema'],
    queryFn: ({ signal }) => postJson(PATHS.sql, { sql: COLUMNS_SQL }, AdhocQueryResponseSchema, signal),
    staleTime: 10 * 60_000,
    retry: false,
  })
}

export function useSavedQueries() {
  return useQuery({
    queryKey: ['saved-queries'],
    queryFn: async ({ signal }) => (await getJson(PATHS.savedQueries, {}, SavedQueryListSchema, signal)).queries,
    retry: false,
  })
}

export function useSaveQuery() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: SavedQueryCreate) => postJson(PATHS.savedQueries, input, SavedQuerySchema),
    onSuccess: () => client.invalidateQueries({ queryKey: ['saved-queries'] }),
  })
}

export function useDeleteQuery() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => deleteResource(PATHS.savedQuery(id)),
    onSuccess: () => client.invalidateQueries({ queryKey: ['saved-queries'] }),
  })
}
