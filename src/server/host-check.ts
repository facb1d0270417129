/**
 * DNS rebinding defence for browser mode. A page on evil.example whose name is re-pointed at 127.0.0.1 talks
 * to this server as "same origin" (its Origin and Host are both evil.example), so the Origin check alone does
 * not stop it; the Host header does, because the browser still sends the attacker's name. On loopback only the
 * loopback names are accepted (`127.0.0.1`, `localhost`, `[::1]`, with this server's port); on a specific
 * address, that address (the one the user passed with `--host`); on a wildcard address (0.0.0.0, ::), the
 * loopback names, this machine's interface addresses and its host name. Anything else gets 421 and nothing.
 */
import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];
const WILDCARDS = new Set(['0.0.0.0', '::']);

/** The host names (lowercase, IPv6 without brackets) a request may name for a server bound to `bindHost`. */
export function acceptedHostNames(bindHost: string): ReadonlySet<string> {
  const bind = bindHost.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (LOOPBACK_NAMES.includes(bind)) return new Set(LOOPBACK_NAMES);
  if (!WILDCARDS.has(bind)) return new Set([bind]);
  const names = new Set([...LOOPBACK_NAMES, hostname().toLowerCase()]);
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) names.add(address.address.toLowerCase().replace(/%.*$/, ''));
  }
  return names;
}

/** Splits a Host header into name and port; undefined when it is not a host[:port] at all. */
export function parseHostHeader(header: string): { name: string; port: number | undefined } | undefined {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]\s]+))(?::([0-9]{1,5}))?$/i.exec(header.trim());
  if (match === null) return undefined;
  const name = (match[1] ?? match[2] ?? '').toLowerCase().replace(/\.$/, '');
  return { name, port: match[3] === undefined ? undefined : Number(match[3]) };
}

/** True when a request's Host header names this server: an accepted name and this server's port. */
export function hostAllowed(header: string | undefined, accepted: ReadonlySet<string>, port: number): boolean {
  if (header === undefined) return false;
  const parsed = parseHostHeader(header);
  if (parsed === undefined || !accepted.has(parsed.name)) return false;
  // A browser leaves the port out only when it is the scheme's default.
  return (parsed.port ?? 80) === port;
}
