import { useQuery } from '@tanstack/react-query'
import { StatusResponseSchema } from '@claimcheck/shared'
import { getJson } from './client.ts'
import { PATHS } from './params.ts'

export function useStatus(refreshMs: number) {
  return useQuery({
    queryKey: ['status'],
    queryFn: ({ signal }) => getJson(PATHS.status, {}, StatusResponseSchema, signal),
    refetchInterval: refreshMs || false,
  })
}
