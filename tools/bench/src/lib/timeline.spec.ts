import { FLOW_PARTS, Timeline } from './timeline';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Timeline', () => {
  it('gives each part its exclusive time: a nested part pauses the enclosing one, and the parts add up to the wall time', async () => {
    const timeline = new Timeline();
    const started = performance.now();
    timeline.restart();
    await timeline.within('agent', async () => {
      await tick();
      expect(timeline.part).toBe('agent');
      await timeline.within('transactions', async () => {
        expect(timeline.part).toBe('transactions');
        await tick();
      });
      expect(timeline.part).toBe('agent');
    });
    expect(timeline.part).toBe('other');
    const parts = timeline.finish();
    const elapsed = performance.now() - started;
    const sum = FLOW_PARTS.reduce((total, part) => total + parts[part], 0);
    expect(sum).toBeLessThanOrEqual(elapsed);
    expect(parts.agent).toBeGreaterThan(0);
    expect(parts.transactions).toBeGreaterThan(0);
    expect(parts.storage).toBe(0);
  });

  it('restores the enclosing part when the nested work throws', async () => {
    const timeline = new Timeline();
    await expect(
      timeline.within('storage', () => timeline.within('consolidation', () => Promise.reject(new Error('boom')))),
    ).rejects.toThrow('boom');
    expect(timeline.part).toBe('other');
  });

  it('restart zeroes times and counts', () => {
    const timeline = new Timeline();
    timeline.transactions = 3;
    timeline.commits = 2;
    timeline.switchTo('planning');
    timeline.restart();
    expect(timeline.part).toBe('other');
    expect([timeline.transactions, timeline.commits, timeline.writerCalls]).toEqual([0, 0, 0]);
    expect(timeline.finish().planning).toBe(0);
  });
});
