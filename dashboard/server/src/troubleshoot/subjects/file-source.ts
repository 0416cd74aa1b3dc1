import { readFile, stat } from 'node:fs/promises'
import type { z } from 'zod'
import type { FileSubjectSourceSchema } from '@claimcheck/shared'
import { csvRecords } from './csv.ts'
import { NOT_FOUND, SourceUnavailableError, subjectOf, toAnswer, type SourceAnswer } from './record.ts'
import type { SubjectSource } from './source.ts'

type FileSourceConfig = z.infer<typeof FileSubjectSourceSchema>

/** How often the file's modification time is looked at, at most. */
const RECHECK_MS = 2_000

interface Loaded {
  mtimeMs: number
  size: number
  bySubject: Map<string, SourceAnswer>
}

function parseRecords(text: string, format: 'csv' | 'json'): Record<string, unknown>[] {
  if (format === 'csv') return csvRecords(text)
  const data: unknown = JSON.parse(text)
  // An array of records, or an object holding one (`{ "users": [...] }`).
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? Object.values(data).find(Array.isArray) : undefined
  if (!list) throw new Error('expected an array of objects, or an object with one')
  return list.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item))
}

/**
 * Subjects from a CSV or JSON file, held in memory and re-read when the file changes. A file that
 * becomes unreadable or invalid keeps the last good content (an editor saving half a file must not
 * turn every user into "not found"); one that never loaded makes the source unavailable.
 */
export function createFileSource(config: FileSourceConfig, clock: () => number = Date.now): SubjectSource {
  const format = config.format ?? (config.path.toLowerCase().endsWith('.json') ? 'json' : 'csv')
  let loaded: Loaded | undefined
  let lastError = ''
  let checkedAt = -Infinity
  let refreshing: Promise<void> | undefined

  const load = async (): Promise<void> => {
    try {
      const info = await stat(config.path)
      if (loaded && info.mtimeMs === loaded.mtimeMs && info.size === loaded.size) return
      const records = parseRecords(await readFile(config.path, 'utf8'), format)
      const bySubject = new Map<string, SourceAnswer>()
      for (const record of records) {
        const subject = subjectOf(record, config.fields)
        if (subject !== null && !bySubject.has(subject)) bySubject.set(subject, toAnswer(record, config.fields))
      }
      loaded = { mtimeMs: info.mtimeMs, size: info.size, bySubject }
      lastError = ''
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      lastError = code === 'ENOENT' ? 'file not found' : code ? `cannot read the file (${code})` : `invalid ${format.toUpperCase()}: ${(error as Error).message}`
    }
  }

  // Lookups during a (re)load wait for it: the first ones must not see "never loaded".
  const refresh = async (): Promise<void> => {
    if (refreshing) return refreshing
    const now = clock()
    if (now - checkedAt < RECHECK_MS) return
    checkedAt = now
    refreshing = load().finally(() => (refreshing = undefined))
    return refreshing
  }

  return {
    kind: 'file',
    target: config.path,
    async lookup(subject) {
      await refresh()
      if (!loaded) throw new SourceUnavailableError(`${config.path}: ${lastError || 'not loaded'}`)
      return loaded.bySubject.get(subject) ?? NOT_FOUND
    },
  }
}
