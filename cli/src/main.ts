import { Command } from 'commander'
import { describeError, StartupError } from '@claimcheck/shared/node/config'
import { registerAdminCommands } from './commands/admin.ts'
import { registerAttachCommand } from './commands/attach.ts'
import { registerDemoCommand } from './commands/demo.ts'
import { registerReclassifyCommand } from './commands/reclassify.ts'
import { registerServeCommands } from './commands/serve.ts'
import { registerUsersCommands } from './commands/users.ts'
import { CLAIMCHECK_VERSION } from './context.ts'

const program = new Command('claimcheck')
  .description('Observability for JWT authentication failures at API gateways')
  .version(CLAIMCHECK_VERSION)
  .showHelpAfterError()

registerServeCommands(program)
registerAdminCommands(program)
registerReclassifyCommand(program)
registerAttachCommand(program)
registerDemoCommand(program)
registerUsersCommands(program)

// `start` is the default command, so commander would read `claimcheck bogus` as `start bogus`
// ("too many arguments for 'start'"): a first word that is no command is named as such.
const first = process.argv[2]
const commands = program.commands.flatMap((c) => [c.name(), ...c.aliases()])
if (first !== undefined && !first.startsWith('-') && !commands.includes(first) && first !== 'help') {
  process.stderr.write(`claimcheck: unknown command '${first}'. Commands: ${commands.join(', ')} (claimcheck --help)\n`)
  process.exit(1)
}

try {
  await program.parseAsync(process.argv)
} catch (error) {
  // A user-fixable problem is one line; anything else keeps its stack for a bug report.
  if (error instanceof StartupError) process.stderr.write(`claimcheck: ${error.message}\n`)
  else process.stderr.write(`claimcheck: unexpected error: ${describeError(error)}\n${(error as Error)?.stack ?? ''}\n`)
  process.exit(1)
}
