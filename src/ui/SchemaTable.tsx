import type { ColumnSchema } from '../data/types';
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
      <th scope="row">
        {column.name}
      </th>
      <td>
        <select
          aria-label={`Type of ${column.name}`}
          value={column.kind}
          onChange={(e) => void setKind(column.name, e.target.value as ColumnSchema['kind'])}
        >
          <option value="numeric">numeric</option>
          <option value="categorical">categorical</option>
        </select>
      </td>
      <td className="values">{valuesSummary(column)}</td>
      <td>{(column.missingShare * 100).toFixed(1)} %</td>
      <td>{[...column.flags, ...(column.excluded ? [column.excluded] : [])].join(', ') || '—'}</td>
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
  const setTarget = useDatasetStore((s) => s.setTarget);
  if (!schema) return null;
  return (
    <section aria-labelledby="schema-title" className="panel">
      <h2 id="schema-title">
        Schema of {fileName}: {schema.rowCount.toLocaleString('en')} rows, {schema.columns.length} columns
      </h2>
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
              <th scope="col">Flags</th>
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
      <p>
        Target (for the utility metric): <strong>{schema.target ?? 'none'}</strong>
        {schema.target && (
          <button type="button" className="link" onClick={() => void setTarget(undefined)}>
            clear
          </button>
        )}
      </p>
    </section>
  );
}
