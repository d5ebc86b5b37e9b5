import { type RunEvent, sftSecondsLeft } from '../align/run-events';

const BAR_WIDTH = 28;

const STOP_REASONS = {
  patience: 'no better validation loss for the patience, after annealing',
  'max-epochs': 'max epochs reached, after annealing',
  'time-budget': 'time budget reached, after annealing',
  epochs: 'the epochs asked for',
} as const;

function formatSeconds(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Prints run events: a redrawn progress bar with ETA on a terminal, plain lines otherwise
 * (logs, CI). Metric lines are printed in both cases.
 */
export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr, prefix = ''): (e: RunEvent) => void {
  const tty = stream.isTTY === true;
  let barShown = false;
  let lastPlain = 0;
  const line = (text: string) => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
    stream.write(`${prefix}${text}\n`);
  };
  let roundClock = { round: -1, started: 0 };
  const progress = (label: string, done: number, total: number, detail: string, secondsLeft: number) => {
    const eta = Number.isFinite(secondsLeft) ? ` ETA ${formatSeconds(secondsLeft)}` : '';
    if (tty) {
      const filled = Math.round((BAR_WIDTH * done) / total);
      stream.write(`\r\x1b[2K${prefix}${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${detail}${eta}`);
      barShown = true;
    } else if (done === total || Date.now() - lastPlain > 10_000) {
      lastPlain = Date.now();
      line(`${label} ${done}/${total} ${detail}${eta ? ` (${eta.trim()})` : ''}`);
    }
  };
  return (e) => {
    switch (e.type) {
      case 'phase':
        line(e.message);
        break;
      case 'sft-step':
        progress(
          e.epoch > 0 ? `SFT epoch ${e.epoch}` : 'SFT',
          e.step,
          e.totalSteps,
          `loss ${e.loss.toFixed(4)} lr ${e.lr.toExponential(2)}`,
          sftSecondsLeft(e.totalSteps - e.step, e.msPerStep, e.budgetSecondsLeft),
        );
        break;
      case 'sft-epoch': {
        const validation = Number.isNaN(e.validationLoss)
          ? ''
          : ` validation ${e.validationLoss.toFixed(4)} (best ${e.bestValidationLoss.toFixed(4)} at epoch ${e.bestEpoch})`;
        const stop = e.stopped ? `; SFT ends (${STOP_REASONS[e.stopped]}), keeping epoch ${e.stopped === 'epochs' ? e.epoch : e.bestEpoch}` : '';
        line(`SFT epoch ${e.epoch}/${e.maxEpochs} (step ${e.step}): train ${e.trainLoss.toFixed(4)}${validation}${stop}`);
        break;
      }
      case 'align-step': {
        if (roundClock.round !== e.round) roundClock = { round: e.round, started: Date.now() };
        const secondsPerStep = e.step > 1 ? (Date.now() - roundClock.started) / 1000 / (e.step - 1) : NaN;
        progress(
          `round ${e.round}`,
          e.step,
          e.totalSteps,
          `loss ${e.loss.toFixed(4)} Δhigh ${e.highLogRatio.toFixed(3)} Δlow ${e.lowLogRatio.toFixed(3)}`,
          secondsPerStep * (e.totalSteps - e.step),
        );
        break;
      }
      case 'round-samples':
        line(`round ${e.round}: ${e.rewards.length} rows scored, reward mean ${e.rewardMean.toFixed(3)} ± ${e.rewardStd.toFixed(3)}`);
        break;
      case 'round-eval': {
        const m = e.metrics;
        const mleName = (['auc', 'f1', 'rmse'] as const).find((key) => m.mle[key] !== undefined);
        const mle = mleName ? `mle ${mleName} ${m.mle[mleName]!.toFixed(3)}` : '';
        line(
          `round ${e.round} eval (${e.seconds.toFixed(1)} s): shape ${m.shape.toFixed(4)} trend ${m.trend.toFixed(4)} c2st ${m.c2st.toFixed(3)} ` +
            `c2st_gbdt ${m.c2st_gbdt.toFixed(3)} ${mle} dcr_share ${m.dcr_share.toFixed(3)} copies ${m.exact_copy_rate.toFixed(4)}`,
        );
        break;
      }
      case 'checkpoint':
        break;
    }
  };
}
