import type { InjectionToken } from 'tsyringe';
import type { DatabaseHealth } from './health';
import type { DatabaseRegistrationOptions } from './options';
import type { DatabaseWriterPort } from './port';
import type { DatabaseReader } from './reader';

export const DATABASE_OPTIONS: InjectionToken<DatabaseRegistrationOptions> = Symbol('reev.DatabaseOptions');
export const DATABASE_WRITER: InjectionToken<DatabaseWriterPort> = Symbol('reev.DatabaseWriter');
export const DATABASE_READER: InjectionToken<DatabaseReader> = Symbol('reev.DatabaseReader');
export const DATABASE_HEALTH: InjectionToken<DatabaseHealth> = Symbol('reev.DatabaseHealth');
