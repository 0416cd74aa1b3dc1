import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { StartupError } from './errors.ts'

const LOCK_FILE = 'claimcheck.lock'

/** What a locked directory is, for the messages: its name and the option that moves it. */
export interface DirLabel {
  what: string
  option: string
}

const DATA_DIR: DirLabel = { what: 'data directory', option: '--data-dir / CLAIMCHECK_DATA_DIR' }

/**
 * Claims a data directory for this process. libchdb also refuses a second process, but only says
 * so on stderr and throws a bare "Failed to create connection": this lock gives the user the
 * owner's pid instead. A lock left by a dead process is taken over.
 */
export function lockDataDir(dir: string, label: DirLabel = DATA_DIR): () => void {
  const path = join(dir, LOCK_FILE)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, `${process.pid}\n`)
      closeSync(fd)
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path)
        } catch {
          // Already gone: nothing to release.
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StartupError(`Cannot lock ${label.what} ${dir}: ${(error as Error).message}`)
      }
      const owner = Number.parseInt(readOwner(path), 10)
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new StartupError(
          `${label.what[0]!.toUpperCase()}${label.what.slice(1)} ${dir} is already in use by another claimcheck process (pid ${owner}). ` +
            `Stop that process, or give this one its own directory with ${label.option}.`,
        )
      }
      try {
        unlinkSync(path)
      } catch {
        // Another process took the stale lock first; the next attempt sees its pid.
      }
    }
  }
  throw new StartupError(`Cannot lock ${label.what} ${dir}: another process keeps taking it`)
}

function readOwner(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return ''
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
