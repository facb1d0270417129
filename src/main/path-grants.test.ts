import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnasError } from '../shared/errors';
import { IPC_GRANT_PATH_CHANNEL } from '../shared/api/transport';
import { bindPathGrants, createPathGrants, importGuard } from './path-grants';
import type { IpcSender } from './sender-check';

describe('path grants', () => {
  it('lets the page import a dropped path and refuses any other with TRANSPORT_FORBIDDEN_PATH', () => {
    const grants = createPathGrants();
    const guard = importGuard(grants);
    const sender: IpcSender = { senderFrame: { url: 'app://workbench/index.html', parent: null }, sender: { id: 1 } };
    grants.grant('/home/ada/data/cifar');
    expect(() => guard('datasets.import', { path: '/home/ada/data/cifar' }, sender)).not.toThrow();
    expect(() => guard('datasets.import', { path: '/home/ada/data/../data/cifar' }, sender)).not.toThrow();
    let thrown: unknown;
    try {
      guard('datasets.import', { path: '/home/ada/.ssh/id_rsa' }, sender);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(EnasError);
    expect((thrown as EnasError).code).toBe('TRANSPORT_FORBIDDEN_PATH');
    expect(() => guard('runs.list', {}, sender)).not.toThrow();
  });

  it('takes grants only from our own window, only as a string path', () => {
    const listeners: ((event: IpcSender, ...args: unknown[]) => void)[] = [];
    const grants = createPathGrants();
    bindPathGrants(
      { on: (channel, listener) => (channel === IPC_GRANT_PATH_CHANNEL ? listeners.push(listener) : undefined) },
      (event) => event.senderFrame?.url === 'app://workbench/index.html',
      grants,
    );
    const ours: IpcSender = { senderFrame: { url: 'app://workbench/index.html', parent: null }, sender: { id: 1 } };
    const evil: IpcSender = { senderFrame: { url: 'https://evil/', parent: null }, sender: { id: 1 } };
    for (const listener of listeners) {
      listener(evil, '/etc/shadow');
      listener(ours, { path: '/etc/passwd' });
      listener(ours, '/etc/hosts\0.txt');
      listener(ours, '/home/ada/corpus.txt');
    }
    expect(grants.allows('/etc/shadow')).toBe(false);
    expect(grants.allows('/etc/passwd')).toBe(false);
    expect(grants.allows(resolve('/home/ada/corpus.txt'))).toBe(true);
  });

  it('forgets the oldest grant after a thousand', () => {
    const grants = createPathGrants();
    for (let i = 0; i <= 1000; i++) grants.grant(`/drops/${i}`);
    expect(grants.allows('/drops/0')).toBe(false);
    expect(grants.allows('/drops/1')).toBe(true);
    expect(grants.allows('/drops/1000')).toBe(true);
  });
});
