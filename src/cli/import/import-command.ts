/**
 * `enas import PATH`: import a dataset file or folder into the workbench (the same importer as the UI's drop
 * zone): CIFAR-10/100 binaries or their .tar.gz, MNIST-style IDX (raw or .gz), a folder of class sub-folders
 * of images, a text corpus in the PTB layout. A refused file exits non-zero with the importer's message, which
 * names the file and the problem; nothing is left behind. While it runs, the import's progress goes to stderr
 * (import-progress.ts).
 */
import { resolve } from 'node:path';
import { DATASET_FORMATS } from '../../shared/dataset';
import { describeResize } from '../../shared/image-resize-report';
import { datasetRecordSchema } from '../../shared/run';
import type { DatasetRecord } from '../../shared/run';
import { EnasError } from '../../shared/errors';
import type { CliCommand } from '../command';
import { EXIT } from '../command';
import { openCliWorkbench } from '../cli-workbench';
import { parseCommandArgs } from '../parse-command-args';
import { createImportProgressPrinter } from './import-progress';

const USAGE =
  'enas import PATH [--name NAME] [--format idx|cifar10|cifar100|image-folder|text] [--validation-size N]\n' +
  '            [--seed N] [--image-size N] [--channels 1|3] [--db FILE] [--json]';

function parse(args: readonly string[]) {
  return parseCommandArgs(
    {
      args: [...args],
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        format: { type: 'string' },
        'validation-size': { type: 'string' },
        seed: { type: 'string' },
        'image-size': { type: 'string' },
        channels: { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
}

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new EnasError('CLI_USAGE', `--${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import a dataset (CIFAR binaries, IDX, image folder, text corpus) into the workbench',
  async run(args, io) {
    const { values, positionals } = parse(args);
    if (values.help) {
      io.stdout(`${this.summary}\nusage: ${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new EnasError('CLI_USAGE', `expected one file or folder to import\nusage: ${USAGE}`);
    const format = values.format;
    if (format !== undefined && !(DATASET_FORMATS as readonly string[]).includes(format)) {
      throw new EnasError('CLI_USAGE', `--format must be one of ${DATASET_FORMATS.join(', ')}, got "${format}"`);
    }
    const options = Object.fromEntries(
      Object.entries({
        validationSize: count('validation-size', values['validation-size']),
        seed: count('seed', values.seed),
        imageSize: count('image-size', values['image-size']),
        channels: count('channels', values.channels),
      }).filter(([, v]) => v !== undefined),
    );
    const opened = await openCliWorkbench(io, values.db, 'write');
    const progress = createImportProgressPrinter(io, { tty: process.stderr.isTTY === true && values.json !== true });
    const unsubscribe = values.json ? () => undefined : opened.workbench.subscribe((event) => progress.onEvent(event));
    try {
      const imported = await opened.workbench.invoke('datasets.import', {
        path: resolve(positionals[0] as string),
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(format === undefined ? {} : { format }),
        options,
      });
      const dataset = datasetRecordSchema.parse(imported);
      progress.end();
      io.stdout(values.json ? `${JSON.stringify(dataset)}\n` : `imported ${describe(dataset)}\n`);
      return EXIT.ok;
    } finally {
      progress.end();
      unsubscribe();
      await opened.close();
    }
  },
};

function describe(d: DatasetRecord): string {
  const counts = Object.entries(d.summary.counts)
    .map(([split, n]) => `${split} ${n}`)
    .join(', ');
  const resized = d.summary.resized === undefined ? '' : `; ${describeResize(d.summary.resized)}`;
  return `dataset ${d.id} "${d.name}" (${d.kind}${counts ? `: ${counts}` : ''})${resized}; search it with --dataset "${d.name}"`;
}
