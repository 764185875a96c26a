import { inRounds, median, medianByKey, roundRatio, sample } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the two middle values of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses no values', () => {
    expect(() => median([])).toThrow('median of no values');
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('sample', () => {
  it('runs warm-up runs unmeasured, then keeps one sample per measured run', async () => {
    const seen: number[] = [];
    const result = await sample({ warmup: 2, repeat: 3 }, (index) => {
      seen.push(index);
      return index * 10;
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(result.samplesMs).toHaveLength(3);
    expect(result.last).toBe(40);
    expect(result.medianMs).toBe(median(result.samplesMs));
  });

  it('refuses a repeat count below 1', async () => {
    await expect(sample({ warmup: 0, repeat: 0 }, () => 0)).rejects.toThrow('repeat must be a positive integer, got 0');
  });
});

describe('medianByKey', () => {
  it('takes the median of each key separately', () => {
    expect(medianByKey([{ a: 1, b: 30 }, { a: 3, b: 10 }, { a: 2, b: 20 }])).toEqual({ a: 2, b: 20 });
  });
});

describe('rounds', () => {
  it('runs the rounds in order and keeps what each returned', async () => {
    const order: string[] = [];
    const results = await inRounds(3, (index) => {
      order.push(`A${index}`, `B${index}`);
      return Promise.resolve(index * 2);
    });
    expect(order).toEqual(['A0', 'B0', 'A1', 'B1', 'A2', 'B2']);
    expect(results).toEqual([0, 2, 4]);
  });

  it('refuses a round count that is not a positive integer', async () => {
    await expect(inRounds(0, () => Promise.resolve(1))).rejects.toThrow('rounds must be a positive integer, got 0');
  });

  it('reports the median ratio over the rounds and their spread', () => {
    expect(roundRatio([1.2, 0.9, 1.5])).toEqual({ median: 1.2, min: 0.9, max: 1.5, rounds: [1.2, 0.9, 1.5] });
    expect(() => roundRatio([])).toThrow('roundRatio of no rounds');
  });
});
