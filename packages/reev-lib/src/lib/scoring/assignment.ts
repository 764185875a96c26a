/**
 * Pairs each row with a distinct column so that the sum of `values[row][column]` is as large as possible
 * (the Hungarian method, O(n³)). Returns, per row, its column, or null when the row got nothing worth > 0.
 * Greedy pairing is not enough: two similar expected instructions can each prefer the same executed one.
 */
export function maximumWeightAssignment(values: readonly (readonly number[])[]): (number | null)[] {
  const rows = values.length;
  const columns = values.reduce((widest, row) => Math.max(widest, row.length), 0);
  if (rows === 0 || columns === 0) return values.map(() => null);
  const size = Math.max(rows, columns);
  const value = (row: number, column: number): number => values[row]?.[column] ?? 0;
  const largest = values.reduce((max, row) => Math.max(max, ...row), 0);
  // Minimise cost = largest − value on a square matrix padded with worthless cells (1-based, as in the classic form).
  const cost = (row: number, column: number): number => largest - value(row - 1, column - 1);

  const rowPotential = new Array<number>(size + 1).fill(0);
  const columnPotential = new Array<number>(size + 1).fill(0);
  const rowOfColumn = new Array<number>(size + 1).fill(0);
  const previousColumn = new Array<number>(size + 1).fill(0);
  for (let row = 1; row <= size; row++) {
    rowOfColumn[0] = row;
    let column = 0;
    const slack = new Array<number>(size + 1).fill(Infinity);
    const visited = new Array<boolean>(size + 1).fill(false);
    do {
      visited[column] = true;
      const currentRow = rowOfColumn[column];
      let delta = Infinity;
      let nextColumn = 0;
      for (let candidate = 1; candidate <= size; candidate++) {
        if (visited[candidate]) continue;
        const reduced = cost(currentRow, candidate) - rowPotential[currentRow] - columnPotential[candidate];
        if (reduced < slack[candidate]) {
          slack[candidate] = reduced;
          previousColumn[candidate] = column;
        }
        if (slack[candidate] < delta) {
          delta = slack[candidate];
          nextColumn = candidate;
        }
      }
      for (let candidate = 0; candidate <= size; candidate++) {
        if (visited[candidate]) {
          const assignedRow = rowOfColumn[candidate];
          rowPotential[assignedRow] += delta;
          columnPotential[candidate] -= delta;
        } else {
          slack[candidate] -= delta;
        }
      }
      column = nextColumn;
    } while (rowOfColumn[column] !== 0);
    do {
      const previous = previousColumn[column];
      rowOfColumn[column] = rowOfColumn[previous];
      column = previous;
    } while (column !== 0);
  }

  const assigned: (number | null)[] = values.map(() => null);
  for (let column = 1; column <= columns; column++) {
    const row = rowOfColumn[column] - 1;
    if (row < rows && value(row, column - 1) > 0) assigned[row] = column - 1;
  }
  return assigned;
}
