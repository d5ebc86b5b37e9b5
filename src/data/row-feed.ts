/** Characters handed to the parser at a time, at most (a single longer row goes whole). */
const PIECE_CHARS = 64 * 1024;

/**
 * Hands the parser whole rows only, in pieces of about PIECE_CHARS: text up to a line break
 * outside double quotes. The parser re-reads an unfinished row from its start with every new
 * piece of text (a long quoted cell cut into many chunks would cost the square of its length),
 * and its work per closing quote grows with the piece it is given; whole rows in small pieces are
 * read once, in time linear in the file. Quotes are counted simply (each one toggles), which is
 * exact for well-formed CSV; a stray quote in the middle of a field only makes the pieces larger.
 */
export class RowFeed {
  private pending = '';
  private inQuotes = false;

  /** The pieces of whole rows completed by `text`; what follows the last row waits for more text. */
  take(text: string): string[] {
    const pieces: string[] = [];
    let pieceStart = 0;
    let lastBreak = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) this.inQuotes = !this.inQuotes;
      else if (c === 10 && !this.inQuotes) {
        lastBreak = i;
        if (this.pending.length + i + 1 - pieceStart >= PIECE_CHARS) {
          pieces.push(this.pending + text.slice(pieceStart, i + 1));
          this.pending = '';
          pieceStart = i + 1;
        }
      }
    }
    if (lastBreak >= pieceStart) {
      pieces.push(this.pending + text.slice(pieceStart, lastBreak + 1));
      this.pending = '';
      pieceStart = lastBreak + 1;
    }
    this.pending += text.slice(pieceStart);
    return pieces;
  }

  /** Characters of the row still waiting for its end. */
  get waiting(): number {
    return this.pending.length;
  }

  /** The text after the last line break, at the end of the file. */
  rest(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }
}
