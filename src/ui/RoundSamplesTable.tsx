import { RowsTableHead } from './RowsTableHead';
import { useRunStore } from './run-store';

const SHOWN = 50;

/** The latest round's sampled rows with their reward, the high and low groups marked. */
export function RoundSamplesTable() {
  const samples = useRunStore((s) => s.history.latestSamples);
  if (!samples) return null;
  const { rows, rewards, groups } = samples;
  const count = Math.min(SHOWN, rewards.length);
  const order = Array.from({ length: count }, (_, r) => r);
  return (
    <section aria-labelledby="samples-title" className="panel">
      <h3 id="samples-title">
        Rows of round {samples.round}: reward mean {samples.rewardMean.toFixed(3)} ± {samples.rewardStd.toFixed(3)}
      </h3>
      <p className="hint">
        The first {count} rows. <span className="group-high">high</span> rows are pushed up, <span className="group-low">low</span> rows down.
      </p>
      <div className="table-scroll samples-scroll">
        <table className="samples-table" data-testid="samples-table">
          <RowsTableHead leading={['Group', 'Reward']} header={rows.header} />
          <tbody>
            {order.map((r) => (
              <tr key={r} className={`group-${groups[r]}`}>
                <td>{groups[r]}</td>
                <td>{rewards[r].toFixed(3)}</td>
                {rows.columns.map((c, i) => (
                  <td key={rows.header[i]}>{c[r] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
