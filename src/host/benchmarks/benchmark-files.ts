/**
 * Where the tabular benchmarks live and how they are read and registered. The two NAS-Bench-201 tables
 * ship in resources/benchmarks/nas-bench-201 (see its README.md: licences, provenance, how to regenerate);
 * `enas benchmark import FILE.csv --name NAME` converts another table in the same CSV format into the same
 * compact file under `<data folder>/benchmarks/NAME.nb201.gz`. A name resolves to a shipped table first, so
 * an import cannot shadow one. Files are gzip around the format of core/benchmark/table-codec.ts.
 */
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeNb201Table, encodeNb201Table } from '../../core/benchmark/table-codec';
import { parseNb201Csv } from '../../core/benchmark/table-csv';
import type { Nb201Table } from '../../core/benchmark/nb201-table';
import { EnasError } from '../../shared/errors';

/** The tables that ship with the workbench: name → file under the shipped benchmarks folder. */
export const SHIPPED_BENCHMARKS: Readonly<Record<string, string>> = {
  'nb201-cifar10': 'nas-bench-201/cifar10.nb201.gz',
  'nb201-cifar100': 'nas-bench-201/cifar100.nb201.gz',
};

const SUFFIX = '.nb201.gz';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface BenchmarkDirs {
  /** The shipped tables (resources/benchmarks). */
  readonly shipped: string;
  /** Imported tables (`<data folder>/benchmarks`). */
  readonly imported: string;
}

export function checkBenchmarkName(name: string): void {
  if (!NAME.test(name)) {
    throw new EnasError(
      'BENCHMARK_BAD_NAME',
      `benchmark name ${JSON.stringify(name)} must be 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
}

export function encodeBenchmarkFile(table: Nb201Table): Buffer {
  return gzipSync(encodeNb201Table(table), { level: 9 });
}

export async function readBenchmarkFile(path: string): Promise<Nb201Table> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new EnasError('BENCHMARK_NOT_FOUND', `cannot read the benchmark table ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch {
    throw new EnasError('BENCHMARK_BAD_FILE', `${path}: not a valid NAS-Bench-201 table file (not gzip)`);
  }
  return decodeNb201Table(raw, path);
}

/** The path of a table by name: a shipped one, else an imported one, else BENCHMARK_NOT_FOUND. */
export async function benchmarkPath(name: string, dirs: BenchmarkDirs): Promise<string> {
  const shipped = SHIPPED_BENCHMARKS[name];
  if (shipped !== undefined) return join(dirs.shipped, shipped);
  checkBenchmarkName(name);
  const known = await listBenchmarks(dirs);
  if (!known.includes(name)) {
    throw new EnasError('BENCHMARK_NOT_FOUND', `no benchmark table named "${name}"; known: ${known.join(', ')}`);
  }
  return join(dirs.imported, `${name}${SUFFIX}`);
}

export async function loadBenchmark(name: string, dirs: BenchmarkDirs): Promise<Nb201Table> {
  return readBenchmarkFile(await benchmarkPath(name, dirs));
}

/** Shipped names, then imported ones (sorted). */
export async function listBenchmarks(dirs: BenchmarkDirs): Promise<string[]> {
  let files: string[] = [];
  try {
    files = await readdir(dirs.imported);
  } catch {
    // No folder yet: nothing imported.
  }
  const imported = files.filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length)).sort();
  return [...Object.keys(SHIPPED_BENCHMARKS), ...imported.filter((n) => SHIPPED_BENCHMARKS[n] === undefined)];
}

/**
 * Parses `csvPath` (BENCHMARK_BAD_CSV naming line and field if it is malformed) and registers it as `name`;
 * refuses a name already taken. The file is written to a temp name and renamed, so it is whole or absent.
 */
export async function importBenchmarkCsv(csvPath: string, name: string, dirs: BenchmarkDirs): Promise<{ path: string; table: Nb201Table }> {
  checkBenchmarkName(name);
  if ((await listBenchmarks(dirs)).includes(name)) {
    throw new EnasError('BENCHMARK_EXISTS', `a benchmark table named "${name}" already exists; choose another --name`);
  }
  let text: string;
  try {
    text = await readFile(csvPath, 'utf8');
  } catch (err) {
    throw new EnasError('BENCHMARK_NOT_FOUND', `cannot read ${csvPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let table: Nb201Table;
  try {
    table = parseNb201Csv(text);
  } catch (err) {
    if (err instanceof EnasError) throw new EnasError(err.code, `${csvPath}, ${err.message.replace(/^[A-Z_]+: /, '')}`, err.detail);
    throw err;
  }
  await mkdir(dirs.imported, { recursive: true });
  const path = join(dirs.imported, `${name}${SUFFIX}`);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, encodeBenchmarkFile(table));
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw new EnasError('BENCHMARK_BAD_FILE', `cannot write ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { path, table };
}
