import { MERMAID_START_TIMEOUT_MS, MermaidParser, viewDiagram } from '../test-support/mermaid-parser';
import { consolidated, failedDynamicRun, sessionLog, solTransferRun, swapThenLendRun, toolCall } from '../test-support/runs';
import { toMermaid } from './mermaid';
import { flowMetadata } from './metadata';

describe('flowMetadata', () => {
  it('counts states and tool calls and reports the execution time and benchmark', () => {
    expect(flowMetadata(solTransferRun())).toEqual({
      state_count: 5,
      tool_count: 1,
      execution_time_ms: 850,
      benchmark_id: '001-sol-transfer',
    });
    expect(flowMetadata(failedDynamicRun())).toEqual({
      state_count: 10,
      tool_count: 3,
      execution_time_ms: 3100,
      benchmark_id: '300-jup-swap-then-lend-deposit-dyn',
    });
  });

  it('leaves benchmark_id out when the run has none', () => {
    expect(flowMetadata(consolidated([]))).toEqual({ state_count: 3, tool_count: 0, execution_time_ms: 1234 });
  });

  it('takes a session log’s wall time from its start and end, or the time in tool calls when it has no end', () => {
    expect(flowMetadata(sessionLog()).execution_time_ms).toBe(640);
    const unfinished = sessionLog({ tool_calls: [toolCall('sol_transfer', {}), toolCall('spl_transfer', {})] });
    delete unfinished.ended_at;
    expect(flowMetadata(unfinished)).toEqual({
      state_count: 6,
      tool_count: 2,
      execution_time_ms: 24,
      benchmark_id: '002-spl-transfer',
    });
  });

  it('rejects input that is not a run', () => {
    expect(() => flowMetadata({ steps: 'none' } as never)).toThrow(/^flowMetadata: input is not a ConsolidatedContent: /);
  });

  describe('state_count is the number of states mermaid finds in the diagram', () => {
    let parser: MermaidParser;
    beforeAll(async () => {
      parser = await MermaidParser.start();
    }, MERMAID_START_TIMEOUT_MS);
    afterAll(() => parser.close());

    it.each([
      ['a SOL transfer', solTransferRun()],
      ['a swap then lend', swapThenLendRun()],
      ['a failed dynamic flow', failedDynamicRun()],
      ['a session log', sessionLog()],
    ])('for %s', async (_, run) => {
      const view = viewDiagram(await parser.parseValid(toMermaid(run)));
      expect(flowMetadata(run).state_count).toBe(view.states.size);
    });
  });
});
