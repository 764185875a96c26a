// `npm run bench [-- --quick] [-- --json] [-- --out report.json] [-- --only dynamic,growth] [-- --no-fail]`: measures reev
// against the raw limits of its parts (docs/performance.md). Runs from source under tsx, in one process. Exits 1 when a
// measured target is missed, unless --no-fail.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { runBench } from './lib/bench';
import { renderText, toJsonReport } from './lib/report';
import { missedTargets } from './lib/targets';
import { FULL_SETTINGS, QUICK_SETTINGS, SECTIONS, type Section } from './lib/settings';

function sectionList(value: string): Section[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown section ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})`);
  return names as Section[];
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench')
    .description('Measure reev against the raw limits of LiteSVM, libSQL and Fastify.')
    .option('--quick', 'a fast smoke run with small counts', false)
    .option('--json', 'print only the machine-readable report on stdout (progress goes to stderr)', false)
    .option('--out <file>', 'also write the machine-readable report to this file')
    .option('--no-fail', 'exit 0 even when a target is missed')
    .option('--only <sections>', `comma-separated sections (${SECTIONS.join(', ')})`, sectionList, [...SECTIONS])
    .parse(process.argv);
  const options = program.opts<{ quick: boolean; json: boolean; out?: string; only: Section[]; fail: boolean }>();
  const settings = options.quick ? QUICK_SETTINGS : FULL_SETTINGS;
  const began = performance.now();
  const report = await runBench(settings, options.only, (message) => {
    process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
  });
  const json = `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
  if (options.out !== undefined) writeFileSync(options.out, json);
  process.stdout.write(options.json ? json : renderText(report));
  const missed = missedTargets(report.targets);
  if (missed.length > 0 && options.fail) {
    process.stderr.write(`bench: ${missed.length} target(s) missed: ${missed.map((item) => item.id).join(', ')} (--no-fail to exit 0)\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
