// `npm run bench [-- --quick] [-- --json] [-- --out report.json] [-- --only dynamic,growth]`: measures reev against the raw limits of
// its parts (docs/performance.md). Runs from source under tsx, in one process.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { runBench } from './lib/bench';
import { renderText, toJsonReport } from './lib/report';
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
    .option('--json', 'print the machine-readable report (progress still goes to stderr)', false)
    .option('--out <file>', 'also write the machine-readable report to this file (nx prints its own lines on stdout)')
    .option('--only <sections>', `comma-separated sections (${SECTIONS.join(', ')})`, sectionList, [...SECTIONS])
    .parse(process.argv);
  const options = program.opts<{ quick: boolean; json: boolean; out?: string; only: Section[] }>();
  const settings = options.quick ? QUICK_SETTINGS : FULL_SETTINGS;
  const began = performance.now();
  const report = await runBench(settings, options.only, (message) => {
    process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
  });
  const json = `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
  if (options.out !== undefined) writeFileSync(options.out, json);
  process.stdout.write(options.json ? json : renderText(report));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
