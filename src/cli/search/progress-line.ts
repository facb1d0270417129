/**
 * The live progress line of `enas search` and `enas retrain`: stage and phase (shared weights or
 * controller), epoch, how far the phase is, reward and baseline, controller entropy, validation score, child
 * loss and the whole run's ETA, folded from the run's pushed events. Derive shows its candidates and the best
 * score so far, not the search's last values. One
 * permanent line per finished epoch; the live line is redrawn in place on a terminal and printed at most
 * every few seconds otherwise (a log file should not get a line per step).
 */
import type { TrainerMessage } from '../../shared/protocol';

export interface ProgressState {
  stage: 'search' | 'derive' | 'retrain';
  /** Phase of a search epoch (null before the first progress, and outside a search). */
  phase: 'child' | 'controller' | null;
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
  /** Highest and lowest validation score among the derive candidates scored so far. */
  deriveMax: number | null;
  deriveMin: number | null;
}

export function initialProgress(): ProgressState {
  return {
    stage: 'search',
    phase: null,
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
    deriveMax: null,
    deriveMin: null,
  };
}

/** Fold one trainer message into the state. */
export function foldProgress(state: ProgressState, m: TrainerMessage): ProgressState {
  switch (m.type) {
    case 'progress':
      return { ...state, stage: m.stage, phase: m.phase ?? null, epoch: m.epoch, epochs: m.epochs, done: m.done, total: m.total, etaS: m.etaS };
    case 'architecture-sampled':
      if (m.phase === 'child') return state;
      if (m.phase === 'derive') {
        const v = m.validScore;
        if (v === null || v === undefined) return state;
        return { ...state, deriveMax: Math.max(v, state.deriveMax ?? v), deriveMin: Math.min(v, state.deriveMin ?? v) };
      }
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

const PHASE_LABEL = { child: 'shared weights', controller: 'controller' } as const;

/**
 * The live line, e.g. `search epoch 2/3 · controller 12/40 · reward 0.71 (baseline 0.65) · … · run ETA 3m12s`
 * or `derive 4/10 candidates · best valid acc 0.62 · run ETA 40s`.
 */
export function formatProgress(s: ProgressState, scoreName: 'accuracy' | 'perplexity'): string {
  const valid = `valid ${scoreName === 'accuracy' ? 'acc' : 'ppl'}`;
  const eta = `run ETA ${formatDuration(s.etaS)}`;
  if (s.stage === 'derive') {
    const best = scoreName === 'accuracy' ? s.deriveMax : s.deriveMin;
    return [`derive ${s.done}/${s.total} candidates`, `best ${valid} ${num(best)}`, eta].join(' · ');
  }
  const parts = [`${s.stage} epoch ${s.epoch + 1}/${s.epochs}`, `${s.phase === null ? '' : `${PHASE_LABEL[s.phase]} `}${s.done}/${s.total}`];
  if (s.stage === 'retrain') {
    parts.push(`loss ${num(s.childLoss)}`, scoreName === 'accuracy' ? `train acc ${num(s.childAccuracy)}` : `train ppl ${num(s.childPerplexity)}`);
  } else {
    parts.push(`reward ${num(s.reward)} (baseline ${num(s.baseline)})`, `entropy ${num(s.entropy)}`);
    parts.push(`${valid} ${num(s.validScore)}`, `child loss ${num(s.childLoss)}`);
  }
  parts.push(eta);
  return parts.join(' · ');
}
