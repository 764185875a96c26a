import { resolveModelRoute, responseCacheKey, type ModelRoute, type ModelRouteEnvironment, type ResponseCacheSettings } from '@reev/agent';
import { LlmPlanner, openAiPlanModel, type PlanModel } from '../dynamic/llm-planner';
import { RuleBasedPlanner } from '../dynamic/rule-based-planner';

/** The request parameters openAiPlanModel sends besides model and messages; part of the cache key. */
export const PLAN_SAMPLING: Readonly<Record<string, unknown>> = { temperature: 0 };

/**
 * A PlanModel that records and replays its answers like the LLM agents do (same key function, same store). A replay
 * miss throws, so the LlmPlanner falls back to the rule-based planner and records the miss in the plan's metadata.
 */
export function cachedPlanModel(route: ModelRoute, cache: ResponseCacheSettings, model: PlanModel = openAiPlanModel(route)): PlanModel {
  if (cache.mode === 'off') return model;
  return async (messages, signal) => {
    const key = responseCacheKey({ model: route.model, baseUrl: route.baseUrl, messages, tools: [], sampling: PLAN_SAMPLING, runIndex: 0 });
    // The planner asks again (with the validation error) at most once; each ask is one turn.
    const turn = messages.filter((message) => message.role === 'assistant').length + 1;
    if (cache.mode !== 'record') {
      const hit = await cache.store.get(key);
      if (hit) {
        if (hit.reply.content === null) throw new Error(`the recorded plan of model ${route.model} (key ${key.slice(0, 12)}) has no text`);
        return hit.reply.content;
      }
      if (cache.mode === 'replay') {
        throw new Error(`replay miss: no recorded plan from model ${route.model} at turn ${turn} (key ${key.slice(0, 12)})`);
      }
    }
    const content = await model(messages, signal);
    await cache.store.put(key, {
      model: route.model,
      baseUrl: route.baseUrl,
      turn,
      reply: { model: null, content, reasoningContent: null, toolCalls: [], finishReason: 'stop', usage: null },
      recordedAt: new Date().toISOString(),
    });
    return content;
  };
}

export interface CreateLlmPlannerOptions {
  /** Where the route's variables come from; defaults to process.env. */
  env?: ModelRouteEnvironment;
  cache?: ResponseCacheSettings;
  timeoutMs?: number;
}

/**
 * An LlmPlanner on an LLM route name (`local`, `glm-4.6`, `openai-compatible:<model>`, …) with the rule-based planner
 * as its fallback and its model calls cached as `cache` says. Replay needs no API key.
 */
export function createLlmPlanner(agentName: string, options: CreateLlmPlannerOptions = {}): LlmPlanner {
  const cache = options.cache ?? { mode: 'off' };
  const route = resolveModelRoute(agentName, options.env ?? process.env, { requireApiKey: cache.mode !== 'replay' });
  const model = cachedPlanModel(route, cache, openAiPlanModel(route, options.timeoutMs));
  return new LlmPlanner(model, new RuleBasedPlanner(), options.timeoutMs);
}
