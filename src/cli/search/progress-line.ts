/**
 * The live progress line of `enas search` and `enas retrain`: stage, epoch, step, reward and baseline,
 * controller entropy, validation score, child loss and ETA, folded from the run's pushed events. One
 * permanent line per finished epoch; the live line is redrawn in place on a terminal and printed at most
 * every few seconds otherwise (a log file should not get a line per step).
 */
import type { TrainerMessage } from '../../shared/protocol';

export interface ProgressState {
  stage: 'search' | 'derive' | 'retrain';
  epoch: number;
  epochs: number;
  done: number;
  total: number;
  etaS: number | null;
  reward: number | null;
  baseline: number | null;
  entropy: number | null;
  validScore: number | null;
  childLoss: number | null;
  childAccuracy: number | null;
  /** Training perplexity of a retrained language model. */
  childPerplexity: number | null;
}

export function initialProgress(): ProgressState {
  return {
    stage: 'search',
    epoch: 0,
    epochs: 1,
    done: 0,
    total: 1,
    etaS: null,
    reward: null,
    baseline: null,
    entropy: null,
    validScore: null,
    childLoss: null,
    childAccuracy: null,
    childPerplexity: null,
  };
}

/** Fold one trainer message into the state. */
export function foldProgress(state: ProgressState, m: TrainerMessage): ProgressState {
  switch (m.type) {
    case 'progress':
      return { ...state, stage: m.stage, epoch: m.epoch, epochs: m.epochs, done: m.done, total: m.total, etaS: m.etaS };
    case 'architecture-sampled':
      if (m.phase === 'child') return state;
      return { ...state, reward: m.reward ?? state.reward, baseline: m.baseline ?? state.baseline, entropy: m.entropy ?? state.entropy, validScore: m.validScore ?? state.validScore };
    case 'step-metrics': {
      const loss = m.metrics['child/loss'] ?? m.metrics['retrain/loss'];
      const accuracy = m.metrics['child/accuracy'] ?? m.metrics['retrain/accuracy'];
      const perplexity = m.metrics['retrain/perplexity'];
      return {
        ...state,
        childLoss: loss ?? state.childLoss,
        childAccuracy: accuracy ?? state.childAccuracy,
        childPerplexity: perplexity ?? state.childPerplexity,
      };
    }
    default:
      return state;
  }
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

const num = (x: number | null, digits = 3): string => (x === null ? '–' : String(Number(x.toPrecision(digits))));

/** The live line, e.g. `search epoch 2/3 · 120/156 · reward 0.71 (baseline 0.65) · … · ETA 3m12s`. */
export function formatProgress(s: ProgressState, scoreName: 'accuracy' | 'perplexity'): string {
  const parts = [`${s.stage} epoch ${s.epoch + 1}/${s.epochs}`, `${s.done}/${s.total}`];
  if (s.stage === 'retrain') {
    parts.push(`loss ${num(s.childLoss)}`, scoreName === 'accuracy' ? `train acc ${num(s.childAccuracy)}` : `train ppl ${num(s.childPerplexity)}`);
  } else {
    parts.push(`reward ${num(s.reward)} (baseline ${num(s.baseline)})`, `entropy ${num(s.entropy)}`);
    parts.push(`valid ${scoreName === 'accuracy' ? 'acc' : 'ppl'} ${num(s.validScore)}`, `child loss ${num(s.childLoss)}`);
  }
  parts.push(`ETA ${formatDuration(s.etaS)}`);
  return parts.join(' · ');
}
