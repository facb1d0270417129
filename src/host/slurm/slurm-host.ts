/**
 * Where the Slurm commands run: this machine (the workbench is on the cluster's login node, or the test's
 * single-node Slurm), or the cluster's login node over the system `ssh`/`scp` with the user's own keys and
 * ssh_config (`BatchMode=yes`: never prompt, fail instead). Every command is an argument array for
 * execFile, never a shell string built here; over ssh the remote side joins the arguments into one command
 * line for the login shell, so each is single-quoted (and every value was validated by src/shared/slurm.ts
 * before it got here).
 */
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EnasError } from '../../shared/errors';

/** What may run on the cluster side: Slurm's client commands, and mkdir for the study folder. */
export type SlurmProgram = 'sbatch' | 'squeue' | 'sacct' | 'scontrol' | 'scancel' | 'mkdir';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SlurmHost {
  /** Runs `program args…` there; resolves with its exit code and output (a failure to start rejects). */
  run(program: SlurmProgram, args: readonly string[]): Promise<CommandResult>;
  /** Writes `content` to `path` there (creating its folder). */
  writeFile(path: string, content: string, mode: number): Promise<void>;
  /** Copies the local folder `localDir` there, as `path` (which must not exist yet). */
  push(localDir: string, path: string): Promise<void>;
  /** Copies `path` from there to `localPath`; false when it does not exist there. */
  fetch(path: string, localPath: string): Promise<boolean>;
  /** Words for messages: "this machine" or "user@host". */
  readonly where: string;
}

/** A POSIX shell word that means exactly `value`. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

const TIMEOUT_MS = 120_000;

function exec(file: string, args: readonly string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err !== null && typeof err.code !== 'number') {
        const missing = err.code === 'ENOENT';
        reject(
          new EnasError(
            'SLURM_COMMAND_FAILED',
            missing ? `${file} is not installed here (not on the PATH)` : `${file} ${args.join(' ')}: ${err.message}`,
            { program: file },
          ),
        );
        return;
      }
      resolve({ code: err === null ? 0 : Number(err.code), stdout, stderr });
    });
  });
}

export function localSlurmHost(): SlurmHost {
  return {
    where: 'this machine',
    run: (program, args) => exec(program, args),
    async writeFile(path, content, mode) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content, { mode });
    },
    async push(localDir, path) {
      await cp(localDir, path, { recursive: true, errorOnExist: true, force: false });
    },
    async fetch(path, localPath) {
      await mkdir(dirname(localPath), { recursive: true });
      try {
        await copyFile(path, localPath);
        return true;
      } catch (err) {
        if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return false;
        throw err;
      }
    },
  };
}

export function sshSlurmHost(remote: string): SlurmHost {
  const ssh = ['-o', 'BatchMode=yes', '--', remote];
  const scp = ['-q', '-B', '-p'];
  const fail = (what: string, r: CommandResult): EnasError =>
    new EnasError('SLURM_COMMAND_FAILED', `${what} on ${remote} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`, { remote });
  return {
    where: remote,
    run: (program, args) => exec('ssh', [...ssh, [program, ...args].map(shellQuote).join(' ')]),
    async writeFile(path, content, mode) {
      const made = await exec('ssh', [...ssh, ['mkdir', '-p', dirname(path)].map(shellQuote).join(' ')]);
      if (made.code !== 0) throw fail(`mkdir -p ${dirname(path)}`, made);
      const temp = await mkdtemp(join(tmpdir(), 'enas-slurm-'));
      try {
        const local = join(temp, 'file');
        await writeFile(local, content, { mode });
        const copied = await exec('scp', [...scp, '--', local, `${remote}:${path}`]);
        if (copied.code !== 0) throw fail(`scp to ${path}`, copied);
      } finally {
        await rm(temp, { recursive: true, force: true });
      }
    },
    async push(localDir, path) {
      const made = await exec('ssh', [...ssh, ['mkdir', '-p', dirname(path)].map(shellQuote).join(' ')]);
      if (made.code !== 0) throw fail(`mkdir -p ${dirname(path)}`, made);
      const copied = await exec('scp', [...scp, '-r', '--', localDir, `${remote}:${path}`]);
      if (copied.code !== 0) throw fail(`scp -r to ${path}`, copied);
    },
    async fetch(path, localPath) {
      const exists = await exec('ssh', [...ssh, ['test', '-f', path].map(shellQuote).join(' ')]);
      if (exists.code !== 0) return false;
      await mkdir(dirname(localPath), { recursive: true });
      const copied = await exec('scp', [...scp, '--', `${remote}:${path}`, localPath]);
      if (copied.code !== 0) throw fail(`scp from ${path}`, copied);
      return true;
    },
  };
}
