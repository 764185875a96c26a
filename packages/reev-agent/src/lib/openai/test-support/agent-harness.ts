import type { ModelServer } from '@reev/testing';
import type { AgentStepRequest } from '../../agent';
import { OpenAiCompatibleAgent, type OpenAiCompatibleAgentOptions } from '../openai-compatible-agent';
import { resolveModelRoute } from '../model-route';
import { scriptedContext, scriptedToolSpecs, type ScriptedToolEdge } from './scripted-tools';

/** Retries with delays small enough that tests stay fast. */
export const FAST_RETRY = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 50 };

/** An agent on the `local` route pointed at the scripted server (or at its base URL once it has stopped). */
export function agentOn(
  target: ModelServer | string,
  options: Omit<OpenAiCompatibleAgentOptions, 'route'> = {},
): OpenAiCompatibleAgent {
  const baseUrl = typeof target === 'string' ? target : target.baseUrl;
  const route = resolveModelRoute('local', { LOCAL_MODEL_URL: baseUrl, LOCAL_MODEL_NAME: 'scripted-model' });
  return new OpenAiCompatibleAgent({ route, retry: FAST_RETRY, ...options });
}

export function stepRequest(edge: ScriptedToolEdge, overrides: Partial<AgentStepRequest> = {}): AgentStepRequest {
  return {
    stepId: '001-sol-transfer',
    prompt: 'Please send 0.1 SOL to the recipient (RECIPIENT_WALLET_PUBKEY).',
    context: scriptedContext(),
    tools: scriptedToolSpecs(),
    maxTurns: 6,
    runIndex: 0,
    signal: new AbortController().signal,
    callTool: edge.callTool,
    ...overrides,
  };
}

interface SentMessage {
  role: string;
  content?: string | null;
  tool_call_id?: string;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
}

/** The messages of a recorded chat request body. */
export function sentMessages(body: unknown): SentMessage[] {
  return (body as { messages: SentMessage[] }).messages;
}

/** The content of the tool message answering `callId` in a recorded request body. */
export function toolResult(body: unknown, callId: string): { ok: boolean; error?: string; output?: unknown } {
  const message = sentMessages(body).find((entry) => entry.role === 'tool' && entry.tool_call_id === callId);
  if (!message || typeof message.content !== 'string') throw new Error(`no tool result for ${callId} in the request`);
  return JSON.parse(message.content) as { ok: boolean; error?: string; output?: unknown };
}
