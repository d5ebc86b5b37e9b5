import type { ColumnSchema } from '../data/types';
import { plural } from '../worker/protocol';
import { useDatasetStore } from './dataset-store';

function valuesSummary(c: ColumnSchema): string {
  if (c.kind === 'numeric') return `${c.min} … ${c.max}${c.integer ? ' (integers)' : ` (${c.decimals} decimals)`}`;
  const shown = c.categories.slice(0, 4).join(', ');
  return `${c.categories.length} categories: ${shown}${c.categories.length > 4 ? ', …' : ''}`;
}

function ColumnRow({ column, isTarget }: { column: ColumnSchema; isTarget: boolean }) {
  const setKind = useDatasetStore((s) => s.setKind);
  const setExcluded = useDatasetStore((s) => s.setExcluded);
  const setTarget = useDatasetStore((s) => s.setTarget);
  return (
    <tr className={column.excluded ? 'excluded' : undefined}>
      <th scope="row" className="column-name">
        {column.name}
      </th>
      <td>
        <select aria-label={`Type of ${column.name}`} value={column.kind} onChange={(e) => void setKind(column.name, e.target.value as ColumnSchema['kind'])}>
          <option value="numeric">numeric</option>
          <option value="categorical">categorical</option>
        </select>
      </td>
      <td className="values">{valuesSummary(column)}</td>
      <td>{(column.missingShare * 100).toFixed(1)} %</td>
      <td className="notes">{[...column.flags, ...(column.excluded ? [column.excluded] : [])].join(', ') || '—'}</td>
      <td>
        <input
          type="checkbox"
          aria-label={`Model ${column.name}`}
          checked={!column.excluded}
          onChange={(e) => void setExcluded(column.name, !e.target.checked)}
        />
      </td>
      <td>
        <input
          type="radio"
          name="target"
          aria-label={`${column.name} is the target`}
          checked={isTarget}
          disabled={Boolean(column.excluded)}
          onChange={() => void setTarget(column.name)}
        />
      </td>
    </tr>
  );
}

/** The inferred schema for review: change a type, leave a column out, pick the target. */
export function SchemaTable() {
  const schema = useDatasetStore((s) => s.schema);
  const fileName = useDatasetStore((s) => s.fileName);
  const schemaError = useDatasetStore((s) => s.schemaError);
  const delimiter = useDatasetStore((s) => s.delimiter);
  const targetGuess = useDatasetStore((s) => s.targetGuess);
  const setTarget = useDatasetStore((s) => s.setTarget);
  if (!schema) return null;
  const guessed = targetGuess !== null && targetGuess.column === schema.target;
  return (
    <section aria-labelledby="schema-title" className="panel">
      <h2 id="schema-title">
        Schema of {fileName}: {plural(schema.rowCount, 'row')}, {plural(schema.columns.length, 'column')}
      </h2>
      {delimiter && (
        <p className="hint" data-testid="delimiter">
          Fields separated by: <strong>{delimiter}</strong>
        </p>
      )}
      {schemaError && (
        <p role="alert" className="banner banner-error">
          {schemaError}
        </p>
      )}
      <div className="table-scroll">
        <table className="schema-table" data-testid="schema-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Values</th>
              <th scope="col">Missing</th>
              <th scope="col">Notes</th>
              <th scope="col">Model it</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {schema.columns.map((c) => (
              <ColumnRow key={c.name} column={c} isTarget={schema.target === c.name} />
            ))}
          </tbody>
        </table>
      </div>
      <p data-testid="target-line">
        Target (for the utility metric): <strong>{schema.target ?? 'none'}</strong>
        {guessed && <span className="hint"> — guessed from {targetGuess.reason}; pick another in the table or clear it</span>}
        {schema.target && (
          <button type="button" className="link" onClick={() => void setTarget(undefined)}>
            clear
          </button>
        )}
      </p>
    </section>
  );
}
