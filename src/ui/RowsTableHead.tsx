/** The header row of a table of rows: a few leading columns of our own, then the table's columns. */
export function RowsTableHead({ leading, header }: { leading: string[]; header: string[] }) {
  return (
    <thead>
      <tr>
        {leading.map((name) => (
          <th key={`lead:${name}`} scope="col">
            {name}
          </th>
        ))}
        {header.map((h) => (
          <th key={h} scope="col">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}
