import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompareCell } from '../align/compare-report';
import type { RunConfig } from '../align/run-config';
import { messageOf } from '../error-message';
import { cellName, type GridCell } from './compare-grid';
import { type CompareSettings, settingsDifferences } from './compare-settings';
import { writeAtomically } from './write-atomically';

/** What DIR/cells/<method>-<reward>-seed<S>.json holds; its CSV sibling is the cell's final synthetic table. */
export interface CellFile {
  kind: 'tabgraa-compare-cell';
  version: 1;
  settings: CompareSettings;
  cell: CompareCell;
}

/** A cell read from disk, with where it was found (for messages that name the file). */
interface FoundCell {
  path: string;
  file: CellFile;
}

const CELL_KIND = 'tabgraa-compare-cell';
export const REPORT_KIND = 'tabgraa-compare-report';

/**
 * Settings added after cells were first written, with the value that reproduces what the code did
 * before they existed: a cell file that lacks one ran with that value, whatever today's default.
 */
const SETTINGS_BEFORE_THEY_EXISTED: Partial<RunConfig> = { klWeight: 0, highNllWeight: 0 };

export function cellPaths(dir: string, cell: GridCell): { json: string; csv: string } {
  const base = join(dir, 'cells', cellName(cell));
  return { json: `${base}.json`, csv: `${base}.csv` };
}

function withSettingsBeforeTheyExisted(file: CellFile): CellFile {
  return { ...file, settings: { ...file.settings, config: { ...SETTINGS_BEFORE_THEY_EXISTED, ...file.settings.config } } };
}

async function readJson(path: string, what: string, remedy: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not a readable ${what} (${messageOf(error)}): ${remedy}.`);
  }
}

async function readCellFile(path: string): Promise<CellFile> {
  const parsed: Partial<CellFile> = await readJson(path, 'cell file', 'delete it to run the cell again');
  if (parsed.kind !== CELL_KIND || parsed.version !== 1 || !parsed.cell || !parsed.settings) {
    throw new Error(`${path} is not a compare cell (kind "${parsed.kind}", version ${parsed.version}); cells/ should hold only files compare wrote.`);
  }
  return withSettingsBeforeTheyExisted(parsed as CellFile);
}

/** The cells a merged report holds, each as the cell file it was built from. */
async function readReportCells(path: string): Promise<FoundCell[]> {
  const report = await readJson(path, 'compare report', 'merge the cells/ folders it was built from instead');
  const cells = report.cells as CompareCell[] | undefined;
  if (report.kind !== REPORT_KIND || !report.settings || !Array.isArray(cells)) {
    throw new Error(`${path} is not a compare report (kind "${report.kind}"); a folder to merge holds cells/ or the report.json compare or merge wrote.`);
  }
  const settings = report.settings as CompareSettings;
  return cells.map((cell) => ({
    path: `${path} (${cellName(cell)})`,
    file: withSettingsBeforeTheyExisted({ kind: CELL_KIND, version: 1, settings, cell }),
  }));
}

/** A folder's cells: its cells/ files, or, where it has none (a published results folder), its report.json's. */
async function cellFilesIn(dir: string): Promise<FoundCell[]> {
  const folder = join(dir, 'cells');
  if (existsSync(folder)) {
    const names = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
    const paths = names.map((name) => join(folder, name));
    return Promise.all(paths.map(async (path) => ({ path, file: await readCellFile(path) })));
  }
  const report = join(dir, 'report.json');
  if (existsSync(report)) return readReportCells(report);
  throw new Error(`${dir} has neither a cells/ folder nor a report.json: is it the --out folder of a compare run?`);
}

function assertSameSettings(path: string, found: CompareSettings, expected: CompareSettings, what: string): void {
  const differences = settingsDifferences(found, expected);
  if (differences.length) {
    throw new Error(
      `${path} was computed with other settings than ${what}: ${differences.join('; ')}. Use another --out folder, or delete the file to recompute it.`,
    );
  }
}

/** The finished cell, if this folder has it with these settings; an error if it has it with others. */
export async function finishedCell(dir: string, cell: GridCell, settings: CompareSettings): Promise<CompareCell | undefined> {
  const { json, csv } = cellPaths(dir, cell);
  if (!existsSync(json) || !existsSync(csv)) return undefined;
  const file = await readCellFile(json);
  assertSameSettings(json, file.settings, settings, 'this run');
  return file.cell;
}

/** The CSV first, then the JSON: a cell counts as done once its JSON exists. */
export async function writeCell(dir: string, cell: CompareCell, settings: CompareSettings, csv: string): Promise<void> {
  const paths = cellPaths(dir, cell);
  await writeAtomically(paths.csv, csv);
  const file: CellFile = { kind: CELL_KIND, version: 1, settings, cell };
  await writeAtomically(paths.json, JSON.stringify(file, null, 2));
}

/**
 * Every cell of these folders (their cells/ subfolders, or the report.json of a folder without one,
 * so published results merge with new seeds). The same cell found twice must hold the
 * same numbers (shards of one grid may overlap after a rerun); all cells must share their settings.
 */
export async function collectCells(dirs: string[]): Promise<{ settings: CompareSettings; cells: CompareCell[] }> {
  const byName = new Map<string, FoundCell>();
  let first: FoundCell | undefined;
  for (const dir of dirs) {
    for (const { path, file } of await cellFilesIn(dir)) {
      first ??= { path, file };
      assertSameSettings(path, file.settings, first.file.settings, `${first.path}`);
      const name = cellName(file.cell);
      const seen = byName.get(name);
      if (seen) {
        const differences = settingsDifferences({ ...seen.file.cell, seconds: 0 }, { ...file.cell, seconds: 0 });
        if (differences.length)
          throw new Error(`${seen.path} and ${path} are the same cell with different results (${differences.slice(0, 3).join('; ')}): keep one of them.`);
        continue;
      }
      byName.set(name, { path, file });
    }
  }
  if (!first) throw new Error(`No cells in ${dirs.join(', ')}: nothing to merge.`);
  return { settings: first.file.settings, cells: [...byName.values()].map((v) => v.file.cell) };
}
