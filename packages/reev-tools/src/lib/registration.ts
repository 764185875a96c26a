import type { DependencyContainer, InjectionToken } from 'tsyringe';
import { createToolRegistry, type ToolRegistry } from './registry';

export const TOOL_REGISTRY: InjectionToken<ToolRegistry> = 'reev.tools.ToolRegistry';

/** Registers one ToolRegistry with all tools (it holds no state, so one per container is enough). */
export function registerTools(container: DependencyContainer): void {
  container.register(TOOL_REGISTRY, { useValue: createToolRegistry() });
}
