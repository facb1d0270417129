/**
 * Who holds a writer lock, precisely enough that a pid reused by another process is not mistaken for the
 * holder: pid, host name, the boot it ran in, and its start time. On Linux the boot is
 * /proc/sys/kernel/random/boot_id and the start time is field 22 of /proc/<pid>/stat (clock ticks since
 * boot), both exact; elsewhere the boot is the wall-clock time the machine started (Date.now() minus the
 * uptime, equal within seconds for one boot) and only "the pid is alive" is known about the process.
 * A lock from another host cannot be checked at all, so it counts as held.
 */
import { readFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  /** Linux boot id, or the boot time in ms elsewhere; absent in a lock of an older version (a bare pid). */
  boot?: string | number;
  /** Linux: the process's start time in clock ticks since boot. */
  start?: number;
}

/** Two boot-time estimates of one boot differ by rounding and clock adjustments, not by minutes. */
const SAME_BOOT_MS = 60_000;

function linuxBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat, or undefined where there is no procfs or no such process. */
export function processStartTicks(pid: number | 'self'): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isFinite(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

function currentBoot(): string | number {
  return linuxBootId() ?? Date.now() - uptime() * 1000;
}

export function ownIdentity(): LockHolder {
  const start = processStartTicks('self');
  return { pid: process.pid, host: hostname(), boot: currentBoot(), ...(start === undefined ? {} : { start }) };
}

/** The holder a lock file names; a bare pid is an older version's lock, on this host. */
export function parseHolder(content: string): LockHolder | undefined {
  if (/^\d+$/.test(content.trim())) return { pid: Number(content.trim()), host: hostname() };
  try {
    const value = JSON.parse(content) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || typeof value.host !== 'string') return undefined;
    return value as LockHolder;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else; it still holds the database.
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

function sameBoot(recorded: string | number, now: string | number): boolean {
  if (typeof recorded === 'number' && typeof now === 'number') return Math.abs(recorded - now) < SAME_BOOT_MS;
  return recorded === now;
}

/**
 * True when the holder has certainly gone: an unreadable lock (no holder can be named), an earlier boot, a
 * dead pid, or a pid now used by a process that started at another time.
 */
export function holderIsGone(holder: LockHolder | undefined): boolean {
  if (holder === undefined) return true;
  if (holder.host !== hostname()) return false;
  if (holder.boot !== undefined && !sameBoot(holder.boot, currentBoot())) return true;
  if (holder.pid <= 0 || !alive(holder.pid)) return true;
  if (holder.start !== undefined) {
    const start = processStartTicks(holder.pid);
    if (start !== undefined && start !== holder.start) return true;
  }
  return false;
}

export function describeHolder(holder: LockHolder): string {
  return holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
}
