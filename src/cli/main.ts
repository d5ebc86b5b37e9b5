/** `tabgraa` command line: one file per subcommand, loaded on demand. */
import { escapeControlCharacters, quoteForMessage } from '../data/quote-for-message';
import { messageOf } from '../error-message';

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<void> }> };

const COMMANDS: Record<string, Command> = {
  fit: { summary: 'train, align and write a synthetic table', load: () => import('./fit-command') },
  sample: { summary: 'sample rows from a checkpoint, optionally with fixed columns', load: () => import('./sample-command') },
  score: { summary: 'append how likely the model finds each row of a table', load: () => import('./score-command') },
  impute: { summary: 'fill the missing cells of a table from a checkpoint', load: () => import('./impute-command') },
  compare: { summary: 'every method × reward from the same SFT model, over seeds', load: () => import('./compare-command') },
  merge: { summary: "build compare's report from the cells of any number of output folders", load: () => import('./merge-command') },
  eval: { summary: 'score a synthetic table against real train and holdout', load: () => import('./eval-command') },
  'export-onnx': { summary: 'export a checkpoint as an ONNX model', load: () => import('./export-onnx-command') },
  info: { summary: 'show the WebGPU adapter this machine gives us', load: () => import('./info-command') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `usage: tabgraa <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'tabgraa <command> --help' for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`tabgraa: unknown command ${quoteForMessage(name)}.\n\n${usage()}`);
    return 2;
  }
  try {
    await (await command.load()).run(rest);
    return 0;
  } catch (error) {
    // Messages quote user data (column names, cells): never let it drive the terminal.
    console.error(escapeControlCharacters(`tabgraa ${name}: ${messageOf(error)}`, true));
    if (process.env.TABGRAA_DEBUG) console.error(error);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
