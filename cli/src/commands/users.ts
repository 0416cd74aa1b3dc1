import { InvalidArgumentError, type Command } from 'commander'
import { RoleSchema, UserNameSchema, type Role } from '@claimcheck/shared'
import { commandContext } from '../context.ts'
import { addStoreOptions } from '../options.ts'

const role = (value: string): Role => {
  const parsed = RoleSchema.safeParse(value)
  if (!parsed.success) throw new InvalidArgumentError('expected viewer, editor or admin')
  return parsed.data
}

async function readStdin(): Promise<string> {
  let text = ''
  for await (const chunk of process.stdin) text += String(chunk)
  return text.replace(/\r?\n$/, '')
}

/** `claimcheck users …`: local users from the command line (a lost admin password, scripted set-up). */
export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('manage local dashboard users (with the dashboard stopped when the store is embedded)')
  const list = users.command('list').description('list users and their roles')
  addStoreOptions(list).action(async (options) => {
    const { config, logger } = commandContext(options)
    const { openMigratedStore } = await import('../runtime.ts')
    const { UserRepository } = await import('@claimcheck/server')
    const store = await openMigratedStore(config, logger)
    try {
      for (const user of await new UserRepository(store).list()) process.stdout.write(`${user.name.padEnd(24)} ${user.role.padEnd(7)}${user.disabled ? ' disabled' : ''}\n`)
    } finally {
      await store.close()
    }
  })
  const setPassword = users
    .command('set-password <name>')
    .description('set a new password (generated and printed once, or read from stdin), creating the user if needed')
    .option('--role <role>', 'role of a new user, or the new role of an existing one: viewer, editor or admin', role)
    .option('--password-stdin', 'read the password from standard input instead of generating one')
  addStoreOptions(setPassword).action(async (name: string, options: Record<string, unknown>) => {
    const userName = UserNameSchema.parse(name)
    const { config, logger } = commandContext(options)
    const { openMigratedStore } = await import('../runtime.ts')
    const { generatePassword, UserRepository } = await import('@claimcheck/server')
    const password = options.passwordStdin ? await readStdin() : generatePassword()
    if (password.length < 12) throw new InvalidArgumentError('the password needs at least 12 characters')
    const store = await openMigratedStore(config, logger)
    try {
      const repository = new UserRepository(store)
      const existing = await repository.find(userName)
      const newRole = options.role as Role | undefined
      if (existing) await repository.update(userName, { password, ...(newRole ? { role: newRole } : {}), disabled: false })
      else await repository.create({ name: userName, role: newRole ?? 'viewer', password })
      const shownRole = newRole ?? existing?.role ?? 'viewer'
      process.stdout.write(options.passwordStdin
        ? `${existing ? 'updated' : 'created'} user ${userName} (${shownRole})\n`
        : `${existing ? 'updated' : 'created'} user ${userName} (${shownRole}); password, shown only now:\n\n    ${password}\n\n`)
    } finally {
      await store.close()
    }
  })
}
