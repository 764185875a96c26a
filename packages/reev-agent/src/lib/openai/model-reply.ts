import { z } from 'zod';

/** One tool call as the model asked for it; `arguments` is the raw JSON text. */
export interface ModelToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * One model answer, reduced to what the agent uses. This is also what the response cache stores, so it is plain
 * JSON and independent of the SDK's types.
 */
export interface ModelReply {
  /** The model id the server reported (may differ from the requested one, e.g. a dated snapshot). */
  model: string | null;
  content: string | null;
  /** Thinking text of reasoning models (`reasoning_content`, or `reasoning` on some servers). */
  reasoningContent: string | null;
  toolCalls: ModelToolCall[];
  finishReason: string | null;
  /** Null when the server reported no usage (some local servers). */
  usage: { inputTokens: number; outputTokens: number } | null;
}

const ToolCallSchema = z.object({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z
    .object({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish() })
    .nullish(),
  custom: z.object({ name: z.string(), input: z.string().nullish() }).nullish(),
});

const ChatCompletionBodySchema = z.object({
  model: z.string().nullish(),
  choices: z.array(
    z.object({
      message: z.object({
        content: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z.array(ToolCallSchema).nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});

export type ParsedReply = { ok: true; reply: ModelReply } | { ok: false; error: string };

function issuesText(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

function nonEmpty(text: string | null | undefined): string | null {
  return text === undefined || text === null || text.trim() === '' ? null : text;
}

/**
 * Reads a chat completion body as servers actually send it: ids may be missing (some local servers), arguments may
 * be an object instead of JSON text. Missing ids get stable ones from turn and position, so replays key the same.
 */
export function parseChatCompletion(body: unknown, turn: number): ParsedReply {
  const parsed = ChatCompletionBodySchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: `the response is not a chat completion (${issuesText(parsed.error.issues)})` };
  const choice = parsed.data.choices[0];
  if (choice === undefined) return { ok: false, error: 'the response has no choices' };
  const toolCalls: ModelToolCall[] = [];
  for (const [index, call] of (choice.message.tool_calls ?? []).entries()) {
    const id = nonEmpty(call.id) ?? `call_t${turn}_${index}`;
    if (call.function) {
      const raw = call.function.arguments;
      toolCalls.push({ id, name: call.function.name, arguments: typeof raw === 'object' && raw !== null ? JSON.stringify(raw) : (raw ?? '') });
    } else if (call.custom) {
      toolCalls.push({ id, name: call.custom.name, arguments: call.custom.input ?? '' });
    } else {
      return { ok: false, error: `tool call ${index} has neither a function nor a name` };
    }
  }
  const usage = parsed.data.usage;
  return {
    ok: true,
    reply: {
      model: parsed.data.model ?? null,
      content: nonEmpty(choice.message.content),
      reasoningContent: nonEmpty(choice.message.reasoning_content) ?? nonEmpty(choice.message.reasoning),
      toolCalls,
      finishReason: choice.finish_reason ?? null,
      usage: usage ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens } : null,
    },
  };
}
