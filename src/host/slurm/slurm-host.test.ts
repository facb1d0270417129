/**
 * The ssh/scp side of a study on Slurm, with stand-ins for `ssh` and `scp` on the PATH: the `ssh` stand-in
 * checks the options it gets and hands the command string to `sh -c`, as sshd hands it to the login shell; the
 * `scp` stand-in copies with the `host:` prefix removed. So what runs is what a remote shell would run, and a
 * value the shell would split or expand shows here. (No sshd runs here; the real ssh is used on a cluster.)
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveJournal } from './journal-mode';
import { sshSlurmHost } from './slurm-host';

let dir: string;
let path: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enas-ssh-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const standIns: [string, string][] = [
    // ssh -o BatchMode=yes -- user@host COMMAND: anything else is a bug in how we call it.
    ['ssh', '[ "$1 $2 $3 $4" = "-o BatchMode=yes -- me@login.example" ] || { echo "bad ssh options: $*" >&2; exit 255; }\nshift 4\nexec sh -c "$*"\n'],
    ['scp', 'src=""; dst=""\nfor a in "$@"; do case "$a" in -*) ;; *) if [ -z "$src" ]; then src="$a"; else dst="$a"; fi ;; esac; done\nexec cp -r "${src#me@login.example:}" "${dst#me@login.example:}"\n'],
  ];
  for (const [name, body] of standIns) {
    const file = join(bin, name);
    writeFileSync(file, `#!/bin/sh\n${body}`);
    chmodSync(file, 0o755);
  }
  path = process.env.PATH;
  process.env.PATH = `${bin}:${path ?? ''}`;
});
afterEach(() => {
  process.env.PATH = path;
  rmSync(dir, { recursive: true, force: true });
});

describe('running Slurm commands over ssh', () => {
  it('passes every argument through the remote shell unchanged, quotes and $ included', async () => {
    const host = sshSlurmHost('me@login.example');
    const odd = join(dir, "it's $HOME; a `folder`");
    const made = await host.run('mkdir', ['-p', odd]);
    expect(made.code, made.stderr).toBe(0);
    expect(existsSync(odd)).toBe(true);
  });

  it('writes, pushes and fetches files with scp, and says when a file is not there', async () => {
    const host = sshSlurmHost('me@login.example');
    await host.writeFile(join(dir, 'remote', 'study.json'), '{"a":1}\n', 0o644);
    expect(readFileSync(join(dir, 'remote', 'study.json'), 'utf8')).toBe('{"a":1}\n');
    expect(await host.fetch(join(dir, 'remote', 'study.json'), join(dir, 'local', 'copy.json'))).toBe(true);
    expect(readFileSync(join(dir, 'local', 'copy.json'), 'utf8')).toBe('{"a":1}\n');
    expect(await host.fetch(join(dir, 'remote', 'missing.db'), join(dir, 'local', 'missing.db'))).toBe(false);
    mkdirSync(join(dir, 'dataset'));
    writeFileSync(join(dir, 'dataset', 'manifest.json'), '{}');
    await host.push(join(dir, 'dataset'), join(dir, 'remote', 'study-1', 'dataset'));
    expect(readFileSync(join(dir, 'remote', 'study-1', 'dataset', 'manifest.json'), 'utf8')).toBe('{}');
  });
});

describe('the journal of a task database', () => {
  it('is what the user asked for, or WAL on a local file system', () => {
    expect(resolveJournal('delete', dir)).toEqual({ journal: 'delete', why: '--journal delete' });
    expect(resolveJournal('auto', dir)).toEqual({ journal: 'wal', why: `${dir} is on a local file system` });
  });
});
