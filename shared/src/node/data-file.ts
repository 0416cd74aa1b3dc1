import { readFileSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { StartupError } from './errors.ts'

/**
 * The one loader of users' YAML/JSON files (config, classifier rules, alert rules): read, parse,
 * validate, and reload when the content changes. One error class for all of them, naming the
 * file and each problem, and one reload rule: a file is re-read and its *content* compared (an
 * mtime/size stamp misses a same-size edit within the clock's granularity); a new version that
 * does not validate is reported and never replaces the last valid one.
 */

/** A StartupError: at start-up the CLI prints it on one line; on a reload it is logged and the last valid version stays. */
export class DataFileError extends StartupError {
  override readonly name = 'DataFileError'
  constructor(
    /** The file as given. */
    readonly file: string,
    /** What the file is, for the message: `config file`, `rules file`, `alert rules file`. */
    readonly what: string,
    /** One line per problem: `rule #3 (id "acme.x") match.message.regex: invalid regular expression`. */
    readonly problems: readonly string[],
  ) {
    // One problem on one line; several one per line, as a person fixes them.
    super(problems.length === 1 ? `${what} ${file}: ${problems[0]}` : `${what} ${file} is invalid:\n  - ${problems.join('\n  - ')}`)
  }
}

/** The outcome of validating parsed data: the value, or one line per problem. */
export type Validation<T> = { value: T } | { problems: string[] }

export interface DataFileKind<T> {
  /** For messages: `config file`, `rules file`… */
  what: string
  validate(data: unknown, file: string): Validation<T>
}

/**
 * Parses file text: JSON for `*.json`, YAML otherwise (YAML 1.2 reads JSON too, so a JSON text
 * given without a name parses). Empty text or an empty document is `{}`.
 */
export function parseDataText(text: string, file: string, what: string): unknown {
  const json = file.toLowerCase().endsWith('.json')
  let data: unknown
  try {
    data = text.trim() === '' ? {} : json ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new DataFileError(file, what, [`not valid ${json ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`])
  }
  return data ?? {}
}

/** Validates file text; throws DataFileError naming every problem. */
export function parseDataFile<T>(text: string, file: string, kind: DataFileKind<T>): T {
  const result = kind.validate(parseDataText(text, file, kind.what), file)
  if ('problems' in result) throw new DataFileError(file, kind.what, result.problems)
  return result.value
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new DataFileError(file, what, [`cannot read: ${(error as Error).message}`])
  }
}

/** Reads, parses and validates `file`; throws DataFileError. */
export function loadDataFile<T>(file: string, kind: DataFileKind<T>): T {
  return parseDataFile(readText(file, kind.what), file, kind)
}

export type Reload<T> = { changed: false } | { changed: true; value: T } | { changed: true; error: DataFileError }

/** A loaded file that can tell whether it changed since: what `reload()` compares against. */
export interface DataFileReloader<T> {
  /** The first load; throws DataFileError. */
  load(): T
  /**
   * Re-reads the file: unchanged content (or a file missing for a moment, as while an editor or a
   * config-map update replaces it) is `changed: false`; new content is its value or its error.
   */
  reload(): Reload<T>
}

export function createDataFileReloader<T>(file: string, kind: DataFileKind<T>): DataFileReloader<T> {
  let lastText: string | undefined
  return {
    load() {
      const text = readText(file, kind.what)
      lastText = text
      return parseDataFile(text, file, kind)
    },
    reload() {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { changed: false }
        return { changed: true, error: new DataFileError(file, kind.what, [`cannot read: ${(error as Error).message}`]) }
      }
      if (text === lastText) return { changed: false }
      lastText = text
      try {
        return { changed: true, value: parseDataFile(text, file, kind) }
      } catch (error) {
        return { changed: true, error: error instanceof DataFileError ? error : new DataFileError(file, kind.what, [String(error)]) }
      }
    },
  }
}

export interface WatchOptions {
  /** Debounce for bursts of change events (editors write in several steps). Default 100 ms. */
  debounceMs?: number
  /** Polling interval backing up fs.watch (network file systems, some containers). Default 1,000 ms. */
  pollIntervalMs?: number
}

/**
 * Calls `onEvent` (debounced) when `file` may have changed. Watches the directory, not the file:
 * editors and config-map updates replace the file, which would silently end a watch on the old
 * inode; a poll backs it up. Pair it with a reloader's `reload()`, which decides whether it did.
 */
export function watchDataFile(file: string, onEvent: () => void, options: WatchOptions = {}): { close(): void } {
  const path = resolve(file)
  const debounceMs = options.debounceMs ?? 100
  let timer: NodeJS.Timeout | undefined
  let closed = false
  const schedule = (): void => {
    if (closed) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(onEvent, debounceMs)
    timer.unref()
  }
  let watcher: FSWatcher | undefined
  try {
    const name = basename(path)
    watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
      if (!changed || changed.toString() === name) schedule()
    })
    watcher.on('error', () => undefined)
  } catch {
    watcher = undefined
  }
  watchFile(path, { interval: options.pollIntervalMs ?? 1_000, persistent: false }, schedule)
  return {
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      watcher?.close()
      unwatchFile(path, schedule)
    },
  }
}
