/**
 * The live state of the run open in the Run view: its per-sample rewards (controller phase: reward,
 * baseline, validation score), its progress and ETA, and the stream of step metrics the charts append.
 * Trainer events arrive at any rate; they are applied once per animation frame (frame-batcher.ts), and
 * the arrays are mutated in place behind a shallowRef so a frame costs one chart update, not a re-render
 * per event.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { SearchHealth } from '../../shared/health';
import type { TrainerMessage } from '../../shared/protocol';
import { createFrameBatcher } from '../util/frame-batcher';
import { messageOf, useBridge } from './use-bridge';

/** The most recent scored samples the reward chart holds (older ones stay in the history list). */
const REWARD_WINDOW = 5000;
const PAGE = 1000;

export interface RewardColumns {
  seq: number[];
  reward: number[];
  baseline: (number | null)[];
  validScore: (number | null)[];
}

/** Candidates of the final derive step, kept apart: they are not controller samples and take no part in its average. */
export interface DeriveColumns {
  seq: number[];
  reward: (number | null)[];
  validScore: (number | null)[];
}

export type ProgressMessage = Extract<TrainerMessage, { type: 'progress' }>;
export type MetricsBatch = { step: number; metrics: Record<string, number> }[];

export const useLiveRunStore = defineStore('live-run', () => {
  const bridge = useBridge();
  const runId = ref<number | null>(null);
  const rewards = shallowRef<RewardColumns>({ seq: [], reward: [], baseline: [], validScore: [] });
  const derive = shallowRef<DeriveColumns>({ seq: [], reward: [], validScore: [] });
  const progress = ref<ProgressMessage | null>(null);
  /** Bumped when samples arrive, so the history list re-reads its total. */
  const sampleTick = ref(0);
  /** The phase of each sample seen live (the store keeps no phase; history infers it otherwise). */
  const phases = new Map<number, string>();
  const error = ref<string | null>(null);
  /** The run's search health: read when the run opens, replaced by every `health` message. */
  const health = ref<SearchHealth | null>(null);
  const metricListeners = new Set<(batch: MetricsBatch) => void>();

  function append(columns: RewardColumns, seq: number, reward: number, baseline: number | null, validScore: number | null): void {
    columns.seq.push(seq);
    columns.reward.push(reward);
    columns.baseline.push(baseline);
    columns.validScore.push(validScore);
  }

  async function open(id: number): Promise<void> {
    runId.value = id;
    progress.value = null;
    health.value = null;
    phases.clear();
    const columns: RewardColumns = { seq: [], reward: [], baseline: [], validScore: [] };
    const candidates: DeriveColumns = { seq: [], reward: [], validScore: [] };
    try {
      // Newest first, then reversed: the chart keeps the latest REWARD_WINDOW scored samples.
      for (let offset = 0; offset < REWARD_WINDOW; offset += PAGE) {
        const page = await bridge.call('samples.page', {
          runId: id, sortBy: 'seq', order: 'desc', status: 'ok', minReward: -Number.MAX_VALUE, offset, limit: PAGE,
        });
        for (const row of page.rows) {
          if (row.phase === 'derive') {
            candidates.seq.push(row.seq);
            candidates.reward.push(row.reward);
            candidates.validScore.push(row.validScore);
          } else if (row.reward !== null) append(columns, row.seq, row.reward, row.baseline, row.validScore);
        }
        if (offset + PAGE >= page.total) break;
      }
      const stored = await bridge.call('health.get', { runId: id });
      if (runId.value !== id) return;
      health.value = stored;
      for (const key of ['seq', 'reward', 'baseline', 'validScore'] as const) columns[key].reverse();
      for (const key of ['seq', 'reward', 'validScore'] as const) candidates[key].reverse();
      rewards.value = columns;
      derive.value = candidates;
      error.value = null;
    } catch (err) {
      error.value = messageOf(err);
    }
  }

  const batcher = createFrameBatcher<TrainerMessage>((messages) => {
    const columns = rewards.value;
    const metrics: MetricsBatch = [];
    let sampled = false;
    for (const message of messages) {
      if (message.type === 'architecture-sampled') {
        sampled = true;
        phases.set(message.seq, message.phase);
        if (message.phase === 'derive') {
          derive.value.seq.push(message.seq);
          derive.value.reward.push(message.reward);
          derive.value.validScore.push(message.validScore);
          triggerRef(derive);
        } else if (message.reward !== null && message.status === 'ok') {
          append(columns, message.seq, message.reward, message.baseline, message.validScore);
        }
      } else if (message.type === 'progress') {
        progress.value = message;
      } else if (message.type === 'health') {
        health.value = message.health;
      } else if (message.type === 'step-metrics' || message.type === 'epoch-ended') {
        metrics.push({ step: message.step, metrics: message.metrics });
      }
    }
    if (columns.seq.length > REWARD_WINDOW * 1.2) {
      const drop = columns.seq.length - REWARD_WINDOW;
      for (const key of ['seq', 'reward', 'baseline', 'validScore'] as const) columns[key].splice(0, drop);
    }
    if (sampled) {
      triggerRef(rewards);
      sampleTick.value += 1;
    }
    if (metrics.length > 0) for (const listener of metricListeners) listener(metrics);
  });

  bridge.onEvents((events) => {
    for (const event of events) {
      if (event.type === 'trainer-event' && event.runId === runId.value) batcher.push(event.message);
    }
  });

  function onMetrics(listener: (batch: MetricsBatch) => void): () => void {
    metricListeners.add(listener);
    return () => metricListeners.delete(listener);
  }

  return { runId, rewards, derive, progress, sampleTick, phases, error, health, open, onMetrics };
});
