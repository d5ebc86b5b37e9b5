import { useEffect, useState } from 'react';
import {
  METHOD_LABELS,
  OBJECTIVES,
  type Objective,
  PRESETS,
  type PresetName,
  plural,
  REWARD_LABELS,
  REWARDS,
  type RewardName,
  type RunConfig,
} from '../worker/protocol';
import { useDatasetStore } from './dataset-store';
import { useGpuStore } from './gpu-store';
import { NumberField } from './NumberField';
import { RunEstimate } from './RunEstimate';
import { availableTrainRows, defaultRunConfig } from './run-defaults';
import { useRunStore } from './run-store';
import { useSpeedStore } from './speed-store';

/** Epochs a switch from "auto" to a fixed count starts at. */
const FIXED_EPOCHS = 4;

function SuggestionNote({ available }: { available: number }) {
  const suggestion = useSpeedStore((s) => s.suggestion);
  const measuring = useSpeedStore((s) => s.measuring);
  const error = useSpeedStore((s) => s.error);
  if (measuring) return <p className="hint">Measuring this GPU on your table to pick settings that finish in minutes…</p>;
  if (error) return <p className="hint">Could not measure this GPU ({error}); the settings are the project's defaults.</p>;
  if (!suggestion) return null;
  const { config, trainRows } = suggestion;
  const sample =
    trainRows < available ? `a seeded sample of ${plural(trainRows, 'row')} of ${available.toLocaleString('en')}` : `all ${plural(trainRows, 'training row')}`;
  return (
    <p className="hint" data-testid="suggestion">
      Settings picked for {suggestion.adapterName || 'this GPU'} from its measured speed: the {config.preset} model on {sample}, at most{' '}
      {plural(config.maxEpochs, 'epoch')} and {config.sftMinutes} min of SFT, {plural(config.rounds, 'round')} of {plural(config.rowsPerRound, 'row')}.
    </p>
  );
}

/** The run's settings, picked for this GPU from a short measurement; starting it hands the config to the worker. */
export function RunForm() {
  const schema = useDatasetStore((s) => s.schema);
  const rowCount = schema?.rowCount ?? 0;
  const gpuReady = useGpuStore((s) => s.status.state === 'ready');
  const busy = useRunStore((s) => s.status === 'starting' || s.status === 'running' || s.status === 'paused');
  const error = useRunStore((s) => s.error);
  const start = useRunStore((s) => s.start);
  const suggestion = useSpeedStore((s) => s.suggestion);
  const suggest = useSpeedStore((s) => s.suggest);
  const available = availableTrainRows(rowCount);
  const [config, setConfig] = useState<RunConfig>(() => defaultRunConfig(rowCount));
  const [trainRows, setTrainRows] = useState(available);
  const [edited, setEdited] = useState(false);
  useEffect(() => {
    setConfig(defaultRunConfig(rowCount));
    setTrainRows(availableTrainRows(rowCount));
    setEdited(false);
  }, [rowCount]);
  useEffect(() => {
    if (schema && gpuReady && !busy) void suggest(schema, defaultRunConfig(schema.rowCount));
  }, [schema, gpuReady, busy, suggest]);
  useEffect(() => {
    if (!suggestion || edited) return;
    setConfig(suggestion.config);
    setTrainRows(suggestion.trainRows);
  }, [suggestion, edited]);
  const set =
    <K extends keyof RunConfig>(key: K) =>
    (value: RunConfig[K]) => {
      setEdited(true);
      setConfig((c) => ({ ...c, [key]: value }));
    };
  const auto = config.epochs === 'auto';
  return (
    <section aria-labelledby="run-title" className="panel">
      <h2 id="run-title">Run</h2>
      <SuggestionNote available={available} />
      <form
        className="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start({ ...config, target: schema?.target }, { trainRows: trainRows < available ? trainRows : undefined });
        }}
      >
        <div className="field">
          <label htmlFor="preset">Model size</label>
          <select id="preset" value={config.preset} onChange={(e) => set('preset')(e.target.value as PresetName)}>
            {Object.entries(PRESETS).map(([name, p]) => (
              <option key={name} value={name}>
                {name}: {p.layers} layers × {p.dModel}
              </option>
            ))}
          </select>
        </div>
        <NumberField
          id="train-rows"
          label="Training rows"
          value={trainRows}
          min={1}
          max={available}
          hint={`of ${available.toLocaleString('en')}; fewer is a seeded sample`}
          onChange={(v) => {
            setEdited(true);
            setTrainRows(v);
          }}
        />
        <div className="field">
          <label htmlFor="epochs-mode">SFT epochs</label>
          <select id="epochs-mode" value={auto ? 'auto' : 'fixed'} onChange={(e) => set('epochs')(e.target.value === 'auto' ? 'auto' : FIXED_EPOCHS)}>
            <option value="auto">auto (early stopping)</option>
            <option value="fixed">a fixed number</option>
          </select>
        </div>
        {auto ? (
          <>
            <NumberField id="max-epochs" label="Max epochs" value={config.maxEpochs} min={1} max={1000} onChange={set('maxEpochs')} />
            <NumberField id="sft-minutes" label="SFT time limit (min)" value={config.sftMinutes} min={0} hint="0 = no limit" onChange={set('sftMinutes')} />
          </>
        ) : (
          <NumberField id="epochs" label="Epochs" value={config.epochs as number} min={0} max={1000} onChange={set('epochs')} />
        )}
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
          <RunEstimate config={config} trainRows={trainRows} enabled={gpuReady && !busy} />
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
