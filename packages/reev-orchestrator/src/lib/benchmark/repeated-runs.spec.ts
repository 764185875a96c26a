import { passAtK, passHatK, repeatedRunStats } from './repeated-runs';

describe('repeated-run statistics', () => {
  it('pass@k and pass^k on known inputs', () => {
    expect(passAtK(4, 2, 1)).toBeCloseTo(0.5, 12);
    expect(passHatK(4, 2, 1)).toBeCloseTo(0.5, 12);
    expect(passAtK(4, 2, 2)).toBeCloseTo(1 - 1 / 6, 12);
    expect(passHatK(4, 2, 2)).toBeCloseTo(1 / 6, 12);
    expect(passAtK(5, 0, 3)).toBe(0);
    expect(passHatK(5, 5, 3)).toBe(1);
    expect(passAtK(10, 3, 10)).toBe(1);
    expect(passHatK(10, 9, 10)).toBe(0);
    expect(passHatK(8, 4, 3)).toBeCloseTo(4 / 56, 12);
  });

  it('rejects impossible counts', () => {
    expect(() => passAtK(3, 4, 1)).toThrow(/passes ≤ runs/);
    expect(() => passHatK(3, 1, 4)).toThrow(/k ≤ runs/);
  });

  it('summarises runs with mean, standard deviation and the k-run measures', () => {
    const stats = repeatedRunStats('b', [
      { score: 1, passed: true },
      { score: 0.5, passed: false },
      { score: 1, passed: true },
      { score: 0.5, passed: false },
    ]);
    expect(stats).toMatchObject({ runs: 4, passes: 2, meanScore: 0.75, stdDevScore: 0.25, k: 4, passAtK: 1, passHatK: 0 });
  });
});
