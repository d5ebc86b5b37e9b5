/**
 * Makes every line ending of a text arriving in chunks "\n": CRLF, LF and bare CR may be mixed in
 * one file (rows pasted together from different tools). A CR at the end of a chunk waits for the
 * next one, which may start with its LF.
 */
export class LineEndings {
  private pendingCr = false;

  normalise(text: string, last: boolean): string {
    let joined = this.pendingCr ? `\r${text}` : text;
    this.pendingCr = !last && joined.endsWith('\r');
    if (this.pendingCr) joined = joined.slice(0, -1);
    return joined.replace(/\r\n?/g, '\n');
  }
}
