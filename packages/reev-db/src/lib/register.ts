import { instanceCachingFactory, type DependencyContainer, type InjectionToken } from 'tsyringe';
import { DatabaseHealth } from './health';
import type { DatabaseRegistrationOptions } from './options';
import { PooledDatabaseWriter } from './pooled-writer';
import { DATABASE_HEALTH, DATABASE_OPTIONS, DATABASE_READER, DATABASE_WRITER } from './tokens';
import { DatabaseWriter } from './writer';

/** The concrete writer behind DATABASE_WRITER, so the reader factory gets the class, not only the port. */
const DATABASE_WRITER_INSTANCE: InjectionToken<DatabaseWriter> = Symbol('reev.DatabaseWriterInstance');

/**
 * Registers DATABASE_OPTIONS, DATABASE_WRITER (one DatabaseWriter, or PooledDatabaseWriter with
 * `pooled`, per container), DATABASE_READER (that writer's reader) and DATABASE_HEALTH (its health probe).
 * Nothing opens until first use;
 * close the writer when done.
 */
export function registerDatabase(
  container: DependencyContainer,
  options: DatabaseRegistrationOptions = {},
): DependencyContainer {
  container.register(DATABASE_OPTIONS, { useValue: options });
  container.registerSingleton(DATABASE_WRITER_INSTANCE, options.pooled ? PooledDatabaseWriter : DatabaseWriter);
  container.register(DATABASE_WRITER, { useToken: DATABASE_WRITER_INSTANCE });
  container.register(DATABASE_READER, {
    useFactory: instanceCachingFactory((dependencies) => dependencies.resolve(DATABASE_WRITER_INSTANCE).reader),
  });
  container.register(DATABASE_HEALTH, {
    useFactory: instanceCachingFactory((dependencies) => new DatabaseHealth(dependencies.resolve(DATABASE_WRITER_INSTANCE))),
  });
  return container;
}
