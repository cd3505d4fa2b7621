// Runs everywhere (shared, pure). Finds tables in a page's text rows: three or more consecutive rows of three
// or more cells whose columns line up, so that the prompter does not read each cell as a sentence.

export interface TableCell {
  x: number;
  right: number;
  text: string;
}

export interface TableRow {
  /** Baseline (y up) and size of the row's text. */
  y: number;
  size: number;
  cells: TableCell[];
}

export interface FoundTable {
  /** Indexes into the rows given, in order. */
  rows: number[];
  /** The most cells any of its rows has. */
  columns: number;
}

const MIN_CELLS = 3;
const MIN_ROWS = 3;
/** Cells line up when their left edges, centres or right edges are this many font sizes apart at most. */
const ALIGN = 0.6;
/** Rows of one table are at most this many font sizes apart. */
const ROW_GAP = 3;

export function findTables(rows: readonly TableRow[]): FoundTable[] {
  const tables: FoundTable[] = [];
  let run: number[] = [];
  const close = (): void => {
    if (run.length >= MIN_ROWS) tables.push({ rows: run, columns: Math.max(...run.map((i) => rows[i]!.cells.length)) });
    run = [];
  };
  rows.forEach((row, index) => {
    if (row.cells.length < MIN_CELLS) {
      close();
      return;
    }
    const previous = run.length > 0 ? rows[run[run.length - 1]!]! : null;
    if (previous && !(rowsAdjacent(previous, row) && columnsAlign(previous, row))) close();
    run.push(index);
  });
  close();
  return tables;
}

function rowsAdjacent(a: TableRow, b: TableRow): boolean {
  const dy = Math.abs(a.y - b.y);
  return dy > 0 && dy <= ROW_GAP * Math.max(a.size, b.size);
}

/** At least half of the cells of `b` (and two or more) sit in a column of `a`. */
function columnsAlign(a: TableRow, b: TableRow): boolean {
  const tolerance = ALIGN * Math.max(a.size, b.size);
  const near = (p: number, q: number): boolean => Math.abs(p - q) <= tolerance;
  const aligned = b.cells.filter((cell) =>
    a.cells.some((other) => near(cell.x, other.x) || near(cell.right, other.right) || near((cell.x + cell.right) / 2, (other.x + other.right) / 2)),
  ).length;
  return aligned >= 2 && aligned * 2 >= b.cells.length;
}
