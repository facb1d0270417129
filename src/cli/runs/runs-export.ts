/**
 * `enas runs export ID --format F --out FILE`: one of the workbench's exports of a run, written
 * atomically (whole or absent). Formats: run-json, metrics-csv, samples-csv, arcs (official arc strings),
 * arcs-json, safetensors (weights of a checkpoint).
 */
import type { ExportResult } from '../../shared/api';
import { EnasError } from '../../shared/errors';
import { EXIT } from '../command';
import { openCliWorkbench } from '../cli-workbench';
import { formatBytes } from '../format';
import { runIdArgument, stringOption } from './runs-args';
import type { RunsSubcommand } from './runs-subcommand';

const FORMATS = ['run-json', 'metrics-csv', 'samples-csv', 'arcs', 'arcs-json', 'safetensors'] as const;
type Format = (typeof FORMATS)[number];
const usage =
  'enas runs export ID --format run-json|metrics-csv|samples-csv|arcs|arcs-json|safetensors --out FILE ' +
  '[--series A,B] [--source derived|samples] [--checkpoint ID] [--db FILE] [--json]';

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export const runsExport: RunsSubcommand = {
  name: 'export',
  summary: 'export a run as JSON, its metrics or samples as CSV, architectures, or weights',
  usage,
  options: {
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
    series: { type: 'string' },
    source: { type: 'string' },
    checkpoint: { type: 'string' },
  },
  async run(parsed, io) {
    const runId = runIdArgument(parsed.positionals, usage);
    const format = stringOption(parsed, 'format');
    const file = stringOption(parsed, 'out');
    if (format === undefined || !isFormat(format)) {
      throw new EnasError('CLI_USAGE', `--format must be one of ${FORMATS.join(', ')}, got ${format ?? 'nothing'}\nusage: ${usage}`);
    }
    if (file === undefined) throw new EnasError('CLI_USAGE', `--out FILE is required\nusage: ${usage}`);
    const source = stringOption(parsed, 'source') ?? 'derived';
    if (source !== 'derived' && source !== 'samples') {
      throw new EnasError('CLI_USAGE', `--source must be derived or samples, got ${source}`);
    }
    const checkpoint = stringOption(parsed, 'checkpoint');
    if (checkpoint !== undefined && !/^[1-9][0-9]*$/.test(checkpoint)) {
      throw new EnasError('CLI_USAGE', `--checkpoint must be a checkpoint id (a positive integer), got ${checkpoint}`);
    }
    const series = stringOption(parsed, 'series')?.split(',').filter((s) => s !== '');

    const opened = await openCliWorkbench(io, parsed.db, 'read');
    try {
      const { handlers } = opened.workbench;
      let result: ExportResult;
      switch (format) {
        case 'run-json':
          result = await handlers['exports.run']({ runId, file });
          break;
        case 'metrics-csv':
          result = await handlers['exports.metrics']({ runId, file, ...(series === undefined || series.length === 0 ? {} : { series }) });
          break;
        case 'samples-csv':
          result = await handlers['exports.samples']({ runId, file });
          break;
        case 'arcs':
        case 'arcs-json':
          result = await handlers['exports.architectures']({ runId, file, format: format === 'arcs' ? 'arc' : 'json', source });
          break;
        case 'safetensors':
          result = await handlers['exports.weights']({ runId, file, ...(checkpoint === undefined ? {} : { checkpointId: Number(checkpoint) }) });
          break;
      }
      io.stdout(parsed.json ? `${JSON.stringify(result)}\n` : `wrote ${result.file} (${formatBytes(result.bytes)}, ${result.rows} rows)\n`);
      return EXIT.ok;
    } finally {
      await opened.close();
    }
  },
};
