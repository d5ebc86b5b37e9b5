import type { CellProblem } from '../worker/protocol';
import { LEAST_LIKELY_COUNT, useAnyOrderStore } from './any-order-store';
import { RowsTableHead } from './RowsTableHead';
import { useRunStore } from './run-store';

const PROBLEMS_SHOWN = 5;

/** Cells the model cannot represent, as the worker reported them (line numbers count the header). */
function Problems({ problems, consequence }: { problems: CellProblem[]; consequence: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="banner banner-warn" data-testid="cell-problems">
      <p>
        {problems.length} cell(s) do not fit the model's schema; {consequence}:
      </p>
      <ul>
        {problems.slice(0, PROBLEMS_SHOWN).map((p) => (
          <li key={`${p.row}-${p.column}`}>
            line {p.row + 2}, column {p.column}: {p.reason}
          </li>
        ))}
        {problems.length > PROBLEMS_SHOWN && <li>… and {problems.length - PROBLEMS_SHOWN} more.</li>}
      </ul>
    </div>
  );
}

/** "Fill missing values" and "Least likely rows" on the run's table (or another file with its columns). */
export function AnyOrderPanel() {
  const run = useRunStore((s) => s.run);
  const status = useRunStore((s) => s.status);
  const checkpointRound = useRunStore((s) => s.history.lastCheckpointRound ?? s.run?.lastCheckpointRound ?? null);
  const { busy, error, file, imputed, ranked, setFile, impute, downloadImputed, rank } = useAnyOrderStore();
  if (!run) return null;
  const training = status === 'running' || status === 'paused' || status === 'starting';
  const disabled = training || checkpointRound === null || busy !== null;
  return (
    <section aria-labelledby="any-order-title" className="panel" data-testid="any-order-panel">
      <h3 id="any-order-title">Your table through the model</h3>
      <p className="hint">
        The model has learned every column given any others: it can fill the missing cells of {file ? file.name : run.name} (observed cells first, missing ones
        drawn after them) and rank its rows by how likely it finds them.
      </p>
      <div className="button-row">
        <label htmlFor="any-order-file">Another file with the same columns</label>
        <input id="any-order-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="button" onClick={() => void impute()} disabled={disabled}>
          {busy === 'impute' ? 'Filling…' : 'Fill missing values'}
        </button>
        <button type="button" onClick={() => void rank()} disabled={disabled}>
          {busy === 'rank' ? 'Scoring…' : 'Least likely rows'}
        </button>
      </div>
      {training && <p className="hint">Available when the run has finished or been stopped.</p>}
      {error && error.job !== 'rebalance' && (
        <p role="alert" className="banner banner-error" data-testid="any-order-error">
          {error.message}
        </p>
      )}
      {imputed && (
        <div data-testid="imputed">
          <p>
            Filled {imputed.filledCells} of {imputed.missingCells} missing cells in {imputed.rowsWithMissing} of {imputed.rows} rows.
            {imputed.unfilled.length > 0 && ` ${imputed.unfilled.length} cell(s) stayed missing: the model finds a missing value there very likely.`}
          </p>
          <Problems problems={imputed.problems} consequence="they are written back unchanged, neither used nor replaced" />
          {imputed.preview.length > 0 && (
            <div className="table-scroll">
              <table className="samples-table">
                <caption>The first rows that had missing cells; filled cells are marked.</caption>
                <RowsTableHead leading={['Line']} header={imputed.header} />
                <tbody>
                  {imputed.preview.map((row) => (
                    <tr key={row.row}>
                      <td>{row.row + 2}</td>
                      {row.cells.map((cell, c) => (
                        <td
                          key={imputed.header[c]}
                          className={row.filled.includes(c) ? 'filled-cell' : undefined}
                          title={row.filled.includes(c) ? 'filled by the model' : undefined}
                        >
                          {cell ?? ''}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <button type="button" className="primary" onClick={downloadImputed}>
            Download the filled table
          </button>
        </div>
      )}
      {ranked && (
        <div data-testid="least-likely">
          <p>
            The {Math.min(LEAST_LIKELY_COUNT, ranked.scoredRows)} least likely of {ranked.scoredRows} scored rows (log-likelihood in nats, the mean over{' '}
            {ranked.orders} column orders; lower is less likely).
          </p>
          <Problems problems={ranked.problems} consequence="their rows are not scored" />
          <div className="table-scroll">
            <table className="samples-table">
              <RowsTableHead leading={['Rank', 'Line', 'Log-likelihood']} header={ranked.header} />
              <tbody>
                {ranked.rows.map((row, rank) => (
                  <tr key={row.row}>
                    <td>{rank + 1}</td>
                    <td>{row.row + 2}</td>
                    <td>{row.logLikelihood.toFixed(2)}</td>
                    {row.cells.map((cell, c) => (
                      <td key={ranked.header[c]}>{cell ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
