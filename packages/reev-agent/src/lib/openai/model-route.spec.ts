import { AgentConfigurationError } from './errors';
import { isModelRouteName, resolveModelRoute } from './model-route';

function configurationError(run: () => unknown): AgentConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof AgentConfigurationError) return error;
    throw error;
  }
  throw new Error('expected an AgentConfigurationError');
}

describe('resolveModelRoute', () => {
  it('routes glm-4.6 to the ZAI general endpoint with ZAI_API_KEY', () => {
    expect(resolveModelRoute('glm-4.6', { ZAI_API_KEY: 'zai-key' })).toEqual({
      agentName: 'glm-4.6',
      provider: 'zai',
      model: 'glm-4.6',
      baseUrl: 'https://api.z.ai/api/paas/v4',
      apiKey: 'zai-key',
      apiKeyVariable: 'ZAI_API_KEY',
      outputTokenLimitParameter: 'max_tokens',
    });
  });

  it('routes glm-4.6-coding to the ZAI coding endpoint with the same model', () => {
    expect(resolveModelRoute('glm-4.6-coding', { ZAI_API_KEY: 'zai-key' })).toMatchObject({
      provider: 'zai-coding',
      model: 'glm-4.6',
      baseUrl: 'https://api.z.ai/api/coding/paas/v4',
      apiKey: 'zai-key',
    });
  });

  it('routes local to LOCAL_MODEL_URL and LOCAL_MODEL_NAME, with an optional key', () => {
    const env = { LOCAL_MODEL_URL: 'http://127.0.0.1:1234/v1/', LOCAL_MODEL_NAME: 'qwen3-8b' };
    const route = resolveModelRoute('local', env);
    expect(route).toMatchObject({ provider: 'local', model: 'qwen3-8b', baseUrl: 'http://127.0.0.1:1234/v1', apiKeyVariable: 'LOCAL_MODEL_API_KEY' });
    expect(route.apiKey).toBeUndefined();
    expect(resolveModelRoute('local', { ...env, LOCAL_MODEL_API_KEY: 'lm-studio' }).apiKey).toBe('lm-studio');
  });

  it.each(['gpt-4o-mini', 'gpt-5', 'o1-mini', 'o3', 'o4-mini'])('routes %s to OpenAI with OPENAI_API_KEY', (name) => {
    expect(resolveModelRoute(name, { OPENAI_API_KEY: 'sk-test' })).toMatchObject({
      provider: 'openai',
      model: name,
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-test',
      outputTokenLimitParameter: 'max_completion_tokens',
    });
  });

  it('honours OPENAI_BASE_URL', () => {
    const route = resolveModelRoute('gpt-4o', { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'https://proxy.example/v1' });
    expect(route.baseUrl).toBe('https://proxy.example/v1');
  });

  it('routes openai-compatible:<model> to REEV_OPENAI_COMPATIBLE_URL with an optional key', () => {
    const env = { REEV_OPENAI_COMPATIBLE_URL: 'http://10.0.0.5:8000/v1' };
    expect(resolveModelRoute('openai-compatible:meta-llama/Llama-3.1-8B', env)).toEqual({
      agentName: 'openai-compatible:meta-llama/Llama-3.1-8B',
      provider: 'openai-compatible',
      model: 'meta-llama/Llama-3.1-8B',
      baseUrl: 'http://10.0.0.5:8000/v1',
      apiKeyVariable: 'REEV_OPENAI_COMPATIBLE_KEY',
      outputTokenLimitParameter: 'max_tokens',
    });
    expect(resolveModelRoute('openai-compatible:m', { ...env, REEV_OPENAI_COMPATIBLE_KEY: 'k' }).apiKey).toBe('k');
  });

  it.each([
    ['glm-4.6', {}, 'ZAI_API_KEY', 'the API key'],
    ['glm-4.6-coding', { ZAI_API_KEY: '  ' }, 'ZAI_API_KEY', 'the API key'],
    ['local', { LOCAL_MODEL_NAME: 'qwen3-8b' }, 'LOCAL_MODEL_URL', 'the base URL of the local server, e.g. http://127.0.0.1:1234/v1'],
    ['local', { LOCAL_MODEL_URL: 'http://127.0.0.1:1234/v1' }, 'LOCAL_MODEL_NAME', 'the model id the local server serves'],
    ['gpt-4o', {}, 'OPENAI_API_KEY', 'the API key'],
    ['o3-mini', { OPENAI_BASE_URL: 'https://proxy.example/v1' }, 'OPENAI_API_KEY', 'the API key'],
    ['openai-compatible:qwen3-8b', {}, 'REEV_OPENAI_COMPATIBLE_URL', 'the base URL of the OpenAI-compatible server'],
  ])('%s without its variables names %s', (name, env, variable, purpose) => {
    const error = configurationError(() => resolveModelRoute(name, env));
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(`agent "${name}" needs ${variable} (${purpose}), which is not set`);
  });

  it('needs no key when asked not to require one (replay)', () => {
    const route = resolveModelRoute('glm-4.6', {}, { requireApiKey: false });
    expect(route.apiKey).toBeUndefined();
    expect(route.baseUrl).toBe('https://api.z.ai/api/paas/v4');
  });

  it('rejects a URL that is not http(s), naming the variable', () => {
    const error = configurationError(() => resolveModelRoute('local', { LOCAL_MODEL_URL: 'ftp://127.0.0.1:1234', LOCAL_MODEL_NAME: 'm' }));
    expect(error.variable).toBe('LOCAL_MODEL_URL');
    expect(error.message).toBe('agent "local": LOCAL_MODEL_URL="ftp://127.0.0.1:1234" must be an http:// or https:// URL');
    expect(configurationError(() => resolveModelRoute('local', { LOCAL_MODEL_URL: 'not a url', LOCAL_MODEL_NAME: 'm' })).message).toBe(
      'agent "local": LOCAL_MODEL_URL="not a url" is not a URL',
    );
  });

  it('rejects openai-compatible: without a model and names that are no LLM agent', () => {
    expect(configurationError(() => resolveModelRoute('openai-compatible:', { REEV_OPENAI_COMPATIBLE_URL: 'http://x/v1' })).message).toBe(
      'agent "openai-compatible:" names no model: write openai-compatible:<model>',
    );
    expect(configurationError(() => resolveModelRoute('deterministic', {})).message).toBe(
      '"deterministic" is not an LLM agent name (known: glm-4.6, glm-4.6-coding, local, gpt-*, o1*, o3*, o4*, openai-compatible:<model>)',
    );
  });

  it('tells LLM agent names from others', () => {
    expect(['glm-4.6', 'glm-4.6-coding', 'local', 'gpt-4o', 'o1', 'o3-mini', 'o4-mini', 'openai-compatible:x'].every(isModelRouteName)).toBe(true);
    expect(['deterministic', 'glm-4.5', 'gpt', 'o2', 'claude'].some(isModelRouteName)).toBe(false);
  });
});
