import pino, { type Logger } from 'pino'

/** JSON lines for machines; readable lines when a person watches the terminal. */
export function createLogger(level: string): Logger {
  if (process.stdout.isTTY && !process.env.CLAIMCHECK_LOG_JSON) {
    return pino({ level, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } })
  }
  return pino({ level })
}
