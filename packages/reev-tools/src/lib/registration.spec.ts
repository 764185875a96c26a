import { container } from 'tsyringe';
import { registerTools, TOOL_REGISTRY } from './registration';
import { ToolRegistry } from './registry';

describe('registerTools', () => {
  it('registers one registry with all tools in a container', () => {
    const child = container.createChildContainer();
    registerTools(child);
    const registry = child.resolve(TOOL_REGISTRY);
    expect(registry).toBeInstanceOf(ToolRegistry);
    expect(registry.names).toHaveLength(10);
    expect(child.resolve(TOOL_REGISTRY)).toBe(registry);
  });
});
