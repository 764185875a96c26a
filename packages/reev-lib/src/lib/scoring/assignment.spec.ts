import { maximumWeightAssignment } from './assignment';

describe('maximumWeightAssignment', () => {
  it('finds the best total where pairing greedily would not', () => {
    // Row 0 likes column 0 best, but giving column 0 to row 1 is worth more overall (2.9 + 2.95 > 3 + 0).
    expect(maximumWeightAssignment([
      [3, 2.9],
      [2.95, 0],
    ])).toEqual([1, 0]);
  });

  it('leaves rows unpaired when nothing is worth more than 0, and handles more rows than columns', () => {
    expect(maximumWeightAssignment([[0, 0], [1, 0], [0, 0]])).toEqual([null, 0, null]);
    expect(maximumWeightAssignment([[1], [2], [3]])).toEqual([null, null, 0]);
  });

  it('handles more columns than rows and empty input', () => {
    expect(maximumWeightAssignment([[0, 0, 5, 1]])).toEqual([2]);
    expect(maximumWeightAssignment([])).toEqual([]);
    expect(maximumWeightAssignment([[], []])).toEqual([null, null]);
  });
});
