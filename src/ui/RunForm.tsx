import { useEffect, useState } from 'react';
import {
  METHOD_LABELS,
  OBJECTIVES,
  type Objective,
  PRESETS,
  type PresetName,
  REWARD_LABELS,
  REWARDS,
  type RewardName,
  type RunConfig,
} from '../worker/protocol';
import { useDatasetStore } from './dataset-store';
import { useGpuStore } from './gpu-store';
import { defaultRunConfig } from './run-defaults';
import { useRunStore } from './run-store';

function NumberField(props: { id: string; label: string; value: number; min: number; max?: number; onChange: (v: number) => void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={1}
        required
        value={Number.isFinite(props.value) ? props.value : ''}
        onChange={(e) => props.onChange(e.target.valueAsNumber)}
      />
    </div>
  );
}

/** The run's settings with method.md defaults; starting it hands the config to the worker. */
export function RunForm() {
  const rowCount = useDatasetStore((s) => s.schema?.rowCount ?? 0);
  const target = useDatasetStore((s) => s.schema?.target);
  const gpuReady = useGpuStore((s) => s.status.state === 'ready');
  const busy = useRunStore((s) => s.status === 'starting' || s.status === 'running' || s.status === 'paused');
  const error = useRunStore((s) => s.error);
  const start = useRunStore((s) => s.start);
  const [config, setConfig] = useState<RunConfig>(() => defaultRunConfig(rowCount));
  useEffect(() => setConfig(defaultRunConfig(rowCount)), [rowCount]);
  const set = <K extends keyof RunConfig>(key: K) => (value: RunConfig[K]) => setConfig((c) => ({ ...c, [key]: value }));
  return (
    <section aria-labelledby="run-title" className="panel">
      <h2 id="run-title">Run</h2>
      <form
        className="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start({ ...config, target });
        }}
      >
        <div className="field">
          <label htmlFor="preset">Model size</label>
          <select id="preset" value={config.preset} onChange={(e) => set('preset')(e.target.value as PresetName)}>
            {Object.entries(PRESETS).map(([name, p]) => (
              <option key={name} value={name}>
                {name} ({p.layers} layers, width {p.dModel})
              </option>
            ))}
          </select>
        </div>
        <NumberField id="epochs" label="SFT epochs" value={config.epochs} min={1} max={1000} onChange={set('epochs')} />
        <NumberField id="rounds" label="Alignment rounds" value={config.rounds} min={0} max={100} onChange={set('rounds')} />
        <div className="field">
          <label htmlFor="method">Method</label>
          <select id="method" value={config.method} onChange={(e) => set('method')(e.target.value as Objective)}>
            {OBJECTIVES.map((m) => (
              <option key={m} value={m}>
                {METHOD_LABELS[m]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="reward">Reward</label>
          <select id="reward" value={config.reward} onChange={(e) => set('reward')(e.target.value as RewardName)}>
            {REWARDS.map((r) => (
              <option key={r} value={r}>
                {REWARD_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <NumberField id="rows-per-round" label="Rows per round" value={config.rowsPerRound} min={2} onChange={set('rowsPerRound')} />
        <NumberField id="seed" label="Seed" value={config.seed} min={0} onChange={set('seed')} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!gpuReady || busy}>
            Start run
          </button>
          {!gpuReady && <span className="hint">A run needs WebGPU (see above).</span>}
        </div>
      </form>
      {error && (
        <div role="alert" className="banner banner-error" data-testid="run-error">
          <p className="verbatim">{error}</p>
          <p>Try the tiny or small model, fewer rows per round, or leave high-cardinality columns out.</p>
        </div>
      )}
    </section>
  );
}
