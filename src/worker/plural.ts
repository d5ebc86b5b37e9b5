/** "1 epoch", "2 epochs", "1,000 rows": a count with its noun, for the studio's and the report's text. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? noun : nouns}`;
}
