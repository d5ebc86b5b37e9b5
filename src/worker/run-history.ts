/**
 * Everything needed to redraw a run's charts, folded from its events. The worker keeps one per
 * run and saves it with the run; the page folds the same events into its own copy.
 */
import type { EvalMetrics, RunEvent } from '../align/run-events';
import type { Table } from '../data/types';
import type { PageRunEvent } from './protocol';
import type { RoundView } from './round-view';

export interface SftPoint {
  step: number;
  loss: number;
  epoch: number;
}

/** One SFT epoch's end: the training loss and the validation loss (the early-stopping signal). */
export interface SftEpochPoint {
  epoch: number;
  step: number;
  trainLoss: number;
  validationLoss: number;
}

export type SftStopReason = NonNullable<Extract<RunEvent, { type: 'sft-epoch' }>['stopped']>;

export interface AlignPoint {
  round: number;
  step: number;
  loss: number;
  highLogRatio: number;
  lowLogRatio: number;
}

export interface RoundPoint {
  round: number;
  metrics: EvalMetrics;
  seconds: number;
}

export type RoundSamples = Omit<Extract<RunEvent, { type: 'round-samples' }>, 'type'>;

export interface RunHistory {
  phase: 'idle' | 'sft' | 'align' | 'done';
  phaseMessage: string;
  sft: SftPoint[];
  sftEpochs: SftEpochPoint[];
  /** SFT steps done: the highest step any SFT event reported (loss readings come every few steps). */
  sftSteps: number;
  sftTotalSteps: number;
  /** The epoch of the latest step, and the most epochs the run may take (known after the first epoch). */
  sftEpoch: number;
  sftMaxEpochs: number;
  sftBestEpoch: number | null;
  sftStopped: SftStopReason | null;
  msPerStep: number;
  /** Seconds left of the SFT time budget at the latest step (null without one). */
  sftBudgetSecondsLeft: number | null;
  align: AlignPoint[];
  alignTotalSteps: number;
  rounds: RoundPoint[];
  latestSamples: RoundSamples | null;
  latestView: RoundView | null;
  lastCheckpointRound: number | null;
}

/** The latest round's rows are kept for display only; more than this is not readable anyway. */
export const SAMPLE_ROWS_KEPT = 200;

export function emptyHistory(): RunHistory {
  return {
    phase: 'idle',
    phaseMessage: '',
    sft: [],
    sftEpochs: [],
    sftSteps: 0,
    sftTotalSteps: 0,
    sftEpoch: 0,
    sftMaxEpochs: 0,
    sftBestEpoch: null,
    sftStopped: null,
    msPerStep: 0,
    sftBudgetSecondsLeft: null,
    align: [],
    alignTotalSteps: 0,
    rounds: [],
    latestSamples: null,
    latestView: null,
    lastCheckpointRound: null,
  };
}

function firstRows(table: Table, n: number): Table {
  return { header: table.header, columns: table.columns.map((column) => column.slice(0, n)) };
}

/** Returns a new history; arrays that change are copied once per batch by `foldEvents`. */
function fold(h: RunHistory, e: PageRunEvent): RunHistory {
  switch (e.type) {
    case 'phase':
      return { ...h, phase: e.phase, phaseMessage: e.message };
    case 'sft-step':
      h.sft.push({ step: e.step, loss: e.loss, epoch: e.epoch });
      return {
        ...h,
        sftSteps: Math.max(h.sftSteps, e.step),
        sftTotalSteps: e.totalSteps,
        sftEpoch: e.epoch,
        msPerStep: e.msPerStep,
        sftBudgetSecondsLeft: e.budgetSecondsLeft,
      };
    case 'sft-epoch':
      h.sftEpochs.push({ epoch: e.epoch, step: e.step, trainLoss: e.trainLoss, validationLoss: e.validationLoss });
      return {
        ...h,
        sftSteps: Math.max(h.sftSteps, e.step),
        sftTotalSteps: e.totalSteps,
        sftEpoch: e.epoch,
        sftMaxEpochs: e.maxEpochs,
        sftBestEpoch: e.bestEpoch,
        sftStopped: e.stopped ?? null,
      };
    case 'align-step':
      h.align.push({ round: e.round, step: e.step, loss: e.loss, highLogRatio: e.highLogRatio, lowLogRatio: e.lowLogRatio });
      return { ...h, alignTotalSteps: e.totalSteps };
    case 'round-samples':
      return {
        ...h,
        latestSamples: {
          round: e.round,
          rows: firstRows(e.rows, SAMPLE_ROWS_KEPT),
          rewards: e.rewards.slice(0, SAMPLE_ROWS_KEPT),
          groups: e.groups.slice(0, SAMPLE_ROWS_KEPT),
          rewardMean: e.rewardMean,
          rewardStd: e.rewardStd,
        },
      };
    case 'round-eval': {
      // A resumed run evaluates its checkpoint's round again: the new point replaces the old.
      const at = h.rounds.findIndex((r) => r.round === e.round);
      if (at >= 0) h.rounds.splice(at);
      h.rounds.push({ round: e.round, metrics: e.metrics, seconds: e.seconds });
      return h;
    }
    case 'checkpoint':
      return { ...h, lastCheckpointRound: e.round };
  }
}

/** The SFT part of a history up to the end of `epoch`: what a run resumed from its SFT progress keeps. */
export function historyUpToEpoch(saved: RunHistory, epoch: number): RunHistory {
  const h = upgradeHistory(saved);
  const sftEpochs = h.sftEpochs.filter((e) => e.epoch <= epoch);
  return {
    ...emptyHistory(),
    sft: h.sft.filter((p) => p.epoch <= epoch),
    sftEpochs,
    sftSteps: sftEpochs.at(-1)?.step ?? 0,
    sftTotalSteps: h.sftTotalSteps,
    sftEpoch: epoch,
    sftMaxEpochs: h.sftMaxEpochs,
    msPerStep: h.msPerStep,
  };
}

/** A history saved by an older build lacks the newer fields; they start empty. */
export function upgradeHistory(saved: RunHistory): RunHistory {
  return { ...emptyHistory(), ...saved };
}

export function foldEvents(history: RunHistory, events: PageRunEvent[]): RunHistory {
  const h = upgradeHistory(history);
  const next: RunHistory = { ...h, sft: [...h.sft], sftEpochs: [...h.sftEpochs], align: [...h.align], rounds: [...h.rounds] };
  return events.reduce(fold, next);
}

/** Strips checkpoint bytes and caps the rows, so the event is cheap to post and to keep. */
export function toPageEvent(e: RunEvent): PageRunEvent {
  if (e.type === 'checkpoint') return { type: 'checkpoint', round: e.round, byteLength: e.bytes.byteLength };
  if (e.type === 'round-samples') {
    return {
      ...e,
      rows: firstRows(e.rows, SAMPLE_ROWS_KEPT),
      rewards: e.rewards.slice(0, SAMPLE_ROWS_KEPT),
      groups: e.groups.slice(0, SAMPLE_ROWS_KEPT),
    };
  }
  return e;
}
