import { randomUUID } from 'node:crypto';
import { lstat, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inject, injectable } from 'tsyringe';
import { DATABASE_WRITER, type DatabaseWriterPort } from '@reev/db';
import { BenchmarkLoadError, loadBenchmarkFile, parseBenchmark, type LoadedBenchmark } from '@reev/lib';
import { ApiError, badRequest, conflict } from '../http/errors';
import { BenchmarkIdSchema, SAFE_ID_PATTERN } from '../request-schemas';
import { API_SETTINGS, SettingsError, type ApiSettings } from '../settings';

const BENCHMARK_FILE = /\.ya?ml$/i;
/** The name errors in uploaded YAML are reported under (there is no file yet). */
export const UPLOAD_SOURCE_NAME = 'yml_content';

export interface UpsertResult {
  benchmark: LoadedBenchmark;
  created: boolean;
  /** File name inside the benchmarks directory. */
  file: string;
}

/**
 * The benchmarks the API can run: every .yml/.yaml file of the benchmarks directory (loaded at start) plus
 * the ones uploaded since, which are written into that directory as `<id>.yml`. No path it touches can leave
 * the directory: ids are plain names and every resolved path is checked.
 */
@injectable()
export class BenchmarkCatalog {
  private readonly byId = new Map<string, LoadedBenchmark>();
  private directory: string | undefined;
  private upserts: Promise<unknown> = Promise.resolve();

  constructor(
    @inject(API_SETTINGS) private readonly settings: ApiSettings,
    @inject(DATABASE_WRITER) private readonly writer: DatabaseWriterPort,
  ) {}

  /**
   * Reads the directory. An invalid file (or one repeating an earlier file's id) is skipped with one warning
   * naming its file, line and field, so one bad upload cannot keep the server from starting. Returns the warnings.
   */
  async load(): Promise<string[]> {
    const configured = this.settings.benchmarksDir;
    const found = await stat(configured).catch(() => undefined);
    if (!found) throw new SettingsError(`benchmarks directory ${configured} does not exist (give another with --benchmarks <dir>)`);
    if (!found.isDirectory()) throw new SettingsError(`benchmarks directory ${configured} is not a directory`);
    this.directory = await realpath(configured);
    const names = (await readdir(this.directory)).filter((name) => BENCHMARK_FILE.test(name)).sort();
    this.byId.clear();
    const warnings: string[] = [];
    for (const name of names) {
      const file = path.join(this.directory, name);
      let benchmark: LoadedBenchmark;
      try {
        benchmark = await loadBenchmarkFile(file);
      } catch (error) {
        if (!(error instanceof BenchmarkLoadError)) throw error;
        // The message names the file, line and field already.
        warnings.push(`skipped invalid benchmark ${error.message}`);
        continue;
      }
      const earlier = this.byId.get(benchmark.testCase.id);
      if (earlier) {
        warnings.push(`skipped ${file}: duplicate benchmark id "${benchmark.testCase.id}" (already loaded from ${earlier.sourcePath})`);
        continue;
      }
      this.byId.set(benchmark.testCase.id, benchmark);
      warnings.push(...benchmark.warnings.map((warning) => warning.message));
    }
    return warnings;
  }

  /** By id. */
  list(): LoadedBenchmark[] {
    return [...this.byId.values()].sort((a, b) => (a.testCase.id < b.testCase.id ? -1 : a.testCase.id > b.testCase.id ? 1 : 0));
  }

  get(id: string): LoadedBenchmark | undefined {
    return this.byId.get(id);
  }

  /**
   * Validates `text` like a benchmark file, writes it as `<id>.yml` (or over the file that already holds that
   * id) and upserts it in the database. Upserts run one at a time.
   */
  upsert(text: string): Promise<UpsertResult> {
    const next = this.upserts.then(() => this.upsertNow(text));
    this.upserts = next.catch(() => undefined);
    return next;
  }

  private async upsertNow(text: string): Promise<UpsertResult> {
    const parsed = parseBenchmark(text, UPLOAD_SOURCE_NAME);
    const id = parsed.testCase.id;
    // The routes take ids by the same rule: an id they would refuse could be stored but never reached.
    const reachable = BenchmarkIdSchema.safeParse(id);
    if (!reachable.success) throw badRequest(`yml_content id: ${reachable.error.issues[0]?.message ?? 'not a valid benchmark id'}`);
    const existing = this.byId.get(id);
    const target = existing ? this.pathInside(path.basename(existing.sourcePath)) : this.fileFor(id);
    const holder = this.list().find((benchmark) => benchmark.sourcePath === target && benchmark.testCase.id !== id);
    if (holder) throw conflict(`file ${path.basename(target)} already holds benchmark ${holder.testCase.id}`);
    await this.refuseLinks(target);

    const temporary = this.pathInside(`.${path.basename(target)}.${randomUUID()}.tmp`);
    try {
      await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
    const benchmark: LoadedBenchmark = { ...parsed, sourcePath: target };
    await this.writer.upsertBenchmark({
      id,
      name: benchmark.testCase.description || id,
      prompt: benchmark.testCase.prompt,
      content: benchmark.content,
      contentHash: benchmark.contentHash,
    });
    this.byId.set(id, benchmark);
    return { benchmark, created: existing === undefined, file: path.basename(target) };
  }

  /** `<dir>/<id>.yml` for an id that is a plain name. */
  fileFor(id: string): string {
    if (!SAFE_ID_PATTERN.test(id)) {
      throw badRequest(`benchmark id "${id}" is not a plain name (letters, digits, ".", "_", "-", starting with a letter or digit)`);
    }
    return this.pathInside(`${id}.yml`);
  }

  /** Resolves `name` in the directory and refuses anything that would land outside it. */
  private pathInside(name: string): string {
    const directory = this.requireDirectory();
    const resolved = path.resolve(directory, name);
    if (path.dirname(resolved) !== directory) {
      throw badRequest(`"${name}" resolves outside the benchmarks directory`);
    }
    return resolved;
  }

  /** A symlink in the directory could point anywhere; never write through one. */
  private async refuseLinks(target: string): Promise<void> {
    try {
      if ((await lstat(target)).isSymbolicLink()) {
        throw new ApiError(409, 'conflict', `${path.basename(target)} in the benchmarks directory is a symbolic link; refusing to write through it`);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
  }

  private requireDirectory(): string {
    if (this.directory === undefined) throw new Error('BenchmarkCatalog.load() has not run');
    return this.directory;
  }
}
