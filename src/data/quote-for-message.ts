/**
 * User data (column names, cells, paths) inside a message: control characters, which a terminal
 * would run (ANSI escapes clear and recolour it), and invisible direction overrides are shown as
 * escapes, and a very long text is cut, so a message always reads as what it says.
 */

/** C0 and C1 controls, DEL, line/paragraph separators and bidirectional overrides. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Characters of user text quoted in a message before it is cut. */
const MAX_QUOTED = 80;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

function escapeCharacter(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `"text"` with unsafe characters escaped and long text cut (the length is said). */
export function quoteForMessage(text: string, maxLength = MAX_QUOTED): string {
  if (text.length <= maxLength) return `"${text.replace(UNSAFE, escapeCharacter)}"`;
  return `"${text.slice(0, maxLength).replace(UNSAFE, escapeCharacter)}…" (${text.length.toLocaleString('en-US')} characters)`;
}

/** Text made safe to print on a terminal, without quotes; a whole message keeps its own line breaks. */
export function escapeControlCharacters(text: string, keepLineBreaks = false): string {
  return text.replace(keepLineBreaks ? UNSAFE_BUT_NEWLINE : UNSAFE, escapeCharacter);
}
