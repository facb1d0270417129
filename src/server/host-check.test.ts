import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acceptedHostNames, hostAllowed, parseHostHeader } from './host-check';

describe('the Host check', () => {
  it('accepts only the loopback names with the port on loopback', () => {
    const accepted = acceptedHostNames('127.0.0.1');
    for (const host of ['127.0.0.1:8765', 'localhost:8765', '[::1]:8765', 'LocalHost:8765']) expect(hostAllowed(host, accepted, 8765), host).toBe(true);
    for (const host of ['127.0.0.1:8766', 'evil.example:8765', 'localhost.evil.example:8765', '::1:8765', '127.0.0.1', undefined]) {
      expect(hostAllowed(host, accepted, 8765), String(host)).toBe(false);
    }
    expect(hostAllowed('localhost', accepted, 80)).toBe(true);
  });

  it('accepts only the address the user passed elsewhere, and this machine on a wildcard', () => {
    const specific = acceptedHostNames('10.1.2.3');
    expect(hostAllowed('10.1.2.3:9000', specific, 9000)).toBe(true);
    expect(hostAllowed('localhost:9000', specific, 9000)).toBe(false);
    const wildcard = acceptedHostNames('0.0.0.0');
    expect(hostAllowed(`${hostname()}:9000`, wildcard, 9000)).toBe(true);
    expect(hostAllowed('127.0.0.1:9000', wildcard, 9000)).toBe(true);
    expect(hostAllowed('evil.example:9000', wildcard, 9000)).toBe(false);
  });

  it('reads IPv6 literals in brackets and refuses what is not a host', () => {
    expect(parseHostHeader('[::1]:80')).toEqual({ name: '::1', port: 80 });
    expect(parseHostHeader('a b')).toBeUndefined();
    expect(parseHostHeader('x:y')).toBeUndefined();
  });
});
