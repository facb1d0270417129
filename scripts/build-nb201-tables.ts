/**
 * Regenerates the shipped NAS-Bench-201 tables (resources/benchmarks/nas-bench-201/*.nb201.gz) from the
 * CSV tables described in that folder's README.md:
 *   npx tsx scripts/build-nb201-tables.ts /path/to/folder-with-cifar10.csv-and-cifar100.csv
 * Each CSV goes through the same parser as `enas benchmark import`, so a malformed one is refused with its
 * line and field. The output is byte for byte the same for the same CSV (gzip level 9, no timestamps).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableOptimum } from '../src/core/benchmark/nb201-table';
import { parseNb201Csv } from '../src/core/benchmark/table-csv';
import { encodeBenchmarkFile } from '../src/host/benchmarks/benchmark-files';

const OUT = fileURLToPath(new URL('../resources/benchmarks/nas-bench-201', import.meta.url));
const source = process.argv[2];
if (source === undefined) {
  process.stderr.write('usage: npx tsx scripts/build-nb201-tables.ts FOLDER (with cifar10.csv and cifar100.csv)\n');
  process.exit(2);
}
for (const name of ['cifar10', 'cifar100']) {
  const table = parseNb201Csv(await readFile(join(source, `${name}.csv`), 'utf8'));
  const bytes = encodeBenchmarkFile(table);
  await writeFile(join(OUT, `${name}.nb201.gz`), bytes);
  const best = tableOptimum(table);
  process.stdout.write(`${name}: ${bytes.length} bytes, optimum ${best.mean.toFixed(3)} (cell ${best.cell.toString(5).padStart(6, '0')})\n`);
}
