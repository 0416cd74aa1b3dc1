import type { Logger } from 'pino'
import type { Config } from '@claimcheck/shared'
import { loadConfig } from '@claimcheck/shared/node/config'
import { createLogger } from './logger.ts'
import { toOverrides } from './options.ts'

export interface CommandContext {
  config: Config
  logger: Logger
}

/** Loads the effective config for a command from its flags (file ← env ← flags). */
export function commandContext(options: Record<string, unknown>, extra: Record<string, unknown> = {}): CommandContext {
  const { config } = loadConfig({ file: options.config as string | undefined, overrides: { ...toOverrides(options), ...extra } })
  return { config, logger: createLogger(config.logLevel) }
}

/** The version printed by `--version` and reported by `/api/health`. */
export const CLAIMCHECK_VERSION = '0.1.0'
