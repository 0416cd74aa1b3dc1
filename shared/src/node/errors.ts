/**
 * Failures a user can act on at start-up: the CLI prints `message` on one line and exits
 * non-zero, without a stack trace.
 */
export class StartupError extends Error {
  override readonly name: string = 'StartupError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** The text of any thrown value, first line only, without ClickHouse's trailing stack noise. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0]!.replace(/\s*Stack trace:.*$/s, '').trim()
}
