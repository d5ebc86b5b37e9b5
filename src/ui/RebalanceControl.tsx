import { useState } from 'react';
import { useAnyOrderStore } from './any-order-store';
import { useRunStore } from './run-store';

const percent = (share: number) => `${(100 * share).toFixed(1)} %`;

/** Synthetic rows with a categorical column's values at chosen shares; the others keep their real proportions. */
export function RebalanceControl({ disabled }: { disabled: boolean }) {
  const run = useRunStore((s) => s.run);
  const busy = useAnyOrderStore((s) => s.busy);
  const error = useAnyOrderStore((s) => s.error);
  const result = useAnyOrderStore((s) => s.rebalanced);
  const rebalance = useAnyOrderStore((s) => s.rebalance);
  const categorical = run?.schema.columns.filter((c) => !c.excluded && c.kind === 'categorical') ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const [rows, setRows] = useState(1000);
  const [shares, setShares] = useState<Record<string, string>>({});
  if (!run || categorical.length === 0) return null;
  const column = categorical.find((c) => c.name === (chosen ?? run.schema.target)) ?? categorical[0];
  if (column.kind !== 'categorical') return null;
  const total = column.counts.reduce((a, b) => a + b, 0);
  const requested = column.categories.filter((value) => (shares[value] ?? '').trim() !== '').map((value) => ({ value, share: Number(shares[value]) / 100 }));
  return (
    <form
      className="sample-form rebalance"
      data-testid="rebalance"
      onSubmit={(e) => {
        e.preventDefault();
        void rebalance({ column: column.name, shares: requested }, rows);
      }}
    >
      <fieldset className="condition">
        <legend>Rebalance a column</legend>
        <label htmlFor="rebalance-column">Column</label>
        <select
          id="rebalance-column"
          value={column.name}
          onChange={(e) => {
            setChosen(e.target.value);
            setShares({});
          }}
        >
          {categorical.map((c) => (
            <option key={c.name}>{c.name}</option>
          ))}
        </select>
        <label htmlFor="rebalance-rows">Rows</label>
        <input id="rebalance-rows" type="number" min={1} step={1} required value={rows} onChange={(e) => setRows(e.target.valueAsNumber)} />
        <table className="samples-table">
          <caption>Leave a share empty to keep that value's real proportion among what the others leave.</caption>
          <thead>
            <tr>
              <th scope="col">{column.name}</th>
              <th scope="col">Real share</th>
              <th scope="col">Requested share (%)</th>
              {result && <th scope="col">Rows drawn</th>}
            </tr>
          </thead>
          <tbody>
            {column.categories.map((value, k) => {
              const drawn = result?.groups.find((g) => g.value === value);
              const drawnTotal = result?.groups.reduce((sum, g) => sum + g.rows, 0) ?? 0;
              return (
                <tr key={value}>
                  <td>{value}</td>
                  <td>{percent(column.counts[k] / total)}</td>
                  <td>
                    <input
                      aria-label={`Requested share of ${value} (%)`}
                      type="number"
                      min={0}
                      max={100}
                      step="any"
                      value={shares[value] ?? ''}
                      placeholder={drawn && !drawn.listed ? percent(drawn.share) : 'keep'}
                      onChange={(e) => setShares({ ...shares, [value]: e.target.value })}
                    />
                  </td>
                  {result && <td>{drawn ? `${drawn.rows} (${percent(drawn.rows / drawnTotal)})` : ''}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit" className="primary" disabled={disabled || busy !== null || requested.length === 0}>
          {busy === 'rebalance' ? 'Sampling…' : 'Download rebalanced CSV'}
        </button>
      </fieldset>
      {error?.job === 'rebalance' && (
        <p role="alert" className="banner banner-error" data-testid="rebalance-error">
          {error.message}
        </p>
      )}
    </form>
  );
}
