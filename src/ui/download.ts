/** Saves bytes through the browser's own download (a blob: URL, nothing leaves the machine). */
export function downloadFile(fileName: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from the run's table name: "adult.csv" -> "adult-synthetic.csv". */
export function derivedName(tableName: string, suffix: string): string {
  return `${tableName.replace(/\.[^.]*$/, '') || 'table'}-${suffix}`;
}
