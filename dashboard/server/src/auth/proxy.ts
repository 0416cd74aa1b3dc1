import { BlockList, isIPv4, isIPv6 } from 'node:net'
import { ROLES, roleAtLeast, type Role } from '@claimcheck/shared'
import { StartupError } from '@claimcheck/shared/node'
import type { z } from 'zod'
import type { ProxyAuthConfigSchema } from '@claimcheck/shared'

type ProxyConfig = z.infer<typeof ProxyAuthConfigSchema>

/** `10.0.0.0/8`, `192.168.1.7`, `::1`, `fd00::/8` → a BlockList used as an allow-list. */
export function compileAddressList(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/')
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined
    const bits = prefix === undefined ? undefined : Number(prefix)
    if (!family || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= (family === 'ipv4' ? 32 : 128)))) {
      throw new StartupError(`dashboard.auth.proxy.trustedProxies: "${entry}" is not an IP address or CIDR (such as 10.0.0.0/8 or ::1)`)
    }
    if (bits === undefined) list.addAddress(address, family)
    else list.addSubnet(address, bits, family)
  }
  return list
}

/** Whether a socket's peer address is in the list; IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as IPv4. */
export function addressAllowed(list: BlockList, address: string | undefined): boolean {
  if (!address) return false
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return list.check(mapped[1]!, 'ipv4') || list.check(address, 'ipv6')
  return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6')
}

export interface ProxyIdentity { name: string; email?: string | undefined; role: Role | undefined }

/**
 * oauth2-proxy style headers → who and which role. Only called for requests whose TCP peer is a
 * trusted proxy: anyone else could send these headers. The role is the highest of the user's
 * groups' roles, else `defaultRole` (`none`: no role, refused).
 */
export function createProxyAuth(config: ProxyConfig): ((peer: string | undefined, headers: Record<string, string | string[] | undefined>) => ProxyIdentity | undefined) | undefined {
  if (config.trustedProxies.length === 0) return undefined
  const trusted = compileAddressList(config.trustedProxies)
  const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
    const value = headers[name.toLowerCase()]
    return (Array.isArray(value) ? value.join(',') : value)?.trim() || undefined
  }
  return (peer, headers) => {
    if (!addressAllowed(trusted, peer)) return undefined
    const name = header(headers, config.userHeader) ?? header(headers, config.emailHeader)
    if (!name) return undefined
    const groups = (header(headers, config.groupsHeader) ?? '').split(',').map((group) => group.trim()).filter(Boolean)
    let role: Role | undefined = config.defaultRole === 'none' ? undefined : config.defaultRole
    for (const group of groups) {
      const mapped = config.groupRoles[group]
      if (mapped && (!role || roleAtLeast(mapped, role))) role = mapped
    }
    return { name, email: header(headers, config.emailHeader), role: role && ROLES.includes(role) ? role : undefined }
  }
}
