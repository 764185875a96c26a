import { findKnownToken, type ExpectedToolCall } from '@reev/types';
import type { AddressBook } from './addresses';
import type { ToolCallCheck, ToolCallRecord } from './types';

type ArgumentValue = string | number;

/**
 * Each expected tool call is met by a distinct successful call of that tool, so a tool listed twice must
 * succeed twice. When the ground truth states `arguments` (amounts, mints, accounts), the call must also have
 * been made with them. Calls of other tools neither help nor hurt.
 */
export async function checkToolCalls(
  expected: readonly ExpectedToolCall[],
  calls: readonly ToolCallRecord[],
  addresses: AddressBook,
): Promise<ToolCallCheck[]> {
  const claimed = new Set<number>();
  const claimedByTool = new Map<string, number>();
  const checks: ToolCallCheck[] = new Array<ToolCallCheck>(expected.length);
  // Expectations that state arguments claim their calls first, so an argument-free one cannot take the call they need.
  const order = expected.map((_, index) => index).sort((a, b) => Number(hasArguments(expected[b])) - Number(hasArguments(expected[a])));
  for (const index of order) {
    const want = expected[index];
    const wanted = await resolveArguments(want.arguments, addresses);
    const ofTool = calls.map((call, position) => ({ call, position })).filter(({ call }) => call.name === want.tool_name);
    const succeeded = ofTool.filter(({ call }) => call.ok);
    const unclaimed = succeeded.filter(({ position }) => !claimed.has(position));
    const match = unclaimed.find(({ call }) => argumentDifferences(wanted, call.input).length === 0);
    const needed = (claimedByTool.get(want.tool_name) ?? 0) + 1;
    if (match !== undefined) {
      claimed.add(match.position);
      claimedByTool.set(want.tool_name, needed);
    }
    const found =
      ofTool.length === 0 ? 'never called' : `called ${ofTool.length} time${ofTool.length === 1 ? '' : 's'}, ${succeeded.length} succeeded`;
    let reason: string;
    if (match !== undefined) reason = `${want.tool_name} succeeded${wanted.length > 0 ? ` with ${describeArguments(wanted)}` : ''}`;
    else if (ofTool.length === 0) reason = `${want.tool_name} was never called`;
    else if (succeeded.length === 0) reason = `every call of ${want.tool_name} failed`;
    else if (unclaimed.length > 0) reason = `${want.tool_name} succeeded, but ${argumentDifferences(wanted, unclaimed[0]?.call.input).join(', ')}`;
    else reason = `${want.tool_name} is expected ${needed} times but succeeded ${succeeded.length} time${succeeded.length === 1 ? '' : 's'}`;
    const what = needed === 1 ? `a successful call of ${want.tool_name}` : `successful call number ${needed} of ${want.tool_name}`;
    checks[index] = {
      index,
      toolName: want.tool_name,
      expected: wanted.length > 0 ? `${what} with ${describeArguments(wanted)}` : what,
      found,
      weight: want.weight,
      matched: match !== undefined,
      reason,
    };
  }
  return checks;
}

interface WantedArgument {
  name: string;
  /** As written in the ground truth. */
  written: ArgumentValue;
  /** A placeholder resolved to its address; undefined for amounts and token mints or symbols. */
  address: string | undefined;
}

function hasArguments(call: ExpectedToolCall | undefined): boolean {
  return call?.arguments !== undefined && Object.keys(call.arguments).length > 0;
}

async function resolveArguments(
  written: Readonly<Record<string, ArgumentValue>> | undefined,
  addresses: AddressBook,
): Promise<WantedArgument[]> {
  return Promise.all(
    Object.entries(written ?? {}).map(async ([name, value]) => ({
      name,
      written: value,
      address: typeof value === 'string' && !isAmount(value) && findKnownToken(value) === undefined ? await addresses.key(value) : undefined,
    })),
  );
}

/** "amount is 200000000, expected 100000000" for every stated argument the call's input does not have. */
function argumentDifferences(wanted: readonly WantedArgument[], input: unknown): string[] {
  const given = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  return wanted.flatMap((argument) => {
    const actual = given[argument.name];
    if (sameArgument(argument, actual)) return [];
    return [`${argument.name} is ${actual === undefined ? 'missing' : JSON.stringify(actual)}, expected ${JSON.stringify(argument.written)}`];
  });
}

/** Amounts compare as integers, tokens by the token they name (mint or symbol), anything else by address. */
function sameArgument(argument: WantedArgument, actual: unknown): boolean {
  if (typeof actual !== 'string' && typeof actual !== 'number') return false;
  const { written } = argument;
  if (typeof written === 'number' || isAmount(written)) return isAmount(String(actual)) && Number(actual) === Number(written);
  const token = findKnownToken(written);
  if (token !== undefined) return typeof actual === 'string' && findKnownToken(actual) === token;
  return actual === argument.address || actual === written;
}

function isAmount(value: string): boolean {
  return /^-?\d+$/.test(value);
}

function describeArguments(wanted: readonly WantedArgument[]): string {
  return wanted.map((argument) => `${argument.name} = ${JSON.stringify(argument.written)}`).join(', ');
}

/** Recorded tool calls (a step's `tool_calls`) as scoring reads them. */
export function scoredToolCalls(calls: readonly { tool_name: string; status: string; input?: unknown }[]): ToolCallRecord[] {
  return calls.map((call) => ({ name: call.tool_name, ok: call.status === 'success', input: call.input }));
}
