import type { ExpectedToolCall } from '@reev/types';
import type { ToolCallCheck, ToolCallRecord } from './types';

/**
 * Each expected tool call is met by a distinct successful call of that tool, so a tool listed twice must
 * succeed twice. Calls of other tools neither help nor hurt.
 */
export function checkToolCalls(expected: readonly ExpectedToolCall[], calls: readonly ToolCallRecord[]): ToolCallCheck[] {
  const claimed = new Map<string, number>();
  return expected.map((want, index) => {
    const ofTool = calls.filter((call) => call.name === want.tool_name);
    const succeeded = ofTool.filter((call) => call.ok).length;
    const needed = (claimed.get(want.tool_name) ?? 0) + 1;
    const matched = succeeded >= needed;
    if (matched) claimed.set(want.tool_name, needed);
    const found =
      ofTool.length === 0 ? 'never called' : `called ${ofTool.length} time${ofTool.length === 1 ? '' : 's'}, ${succeeded} succeeded`;
    let reason: string;
    if (matched) reason = `${want.tool_name} succeeded`;
    else if (ofTool.length === 0) reason = `${want.tool_name} was never called`;
    else if (succeeded === 0) reason = `every call of ${want.tool_name} failed`;
    else reason = `${want.tool_name} is expected ${needed} times but succeeded ${succeeded} time${succeeded === 1 ? '' : 's'}`;
    return {
      index,
      toolName: want.tool_name,
      expected: needed === 1 ? `a successful call of ${want.tool_name}` : `successful call number ${needed} of ${want.tool_name}`,
      found,
      weight: want.weight,
      matched,
      reason,
    };
  });
}
