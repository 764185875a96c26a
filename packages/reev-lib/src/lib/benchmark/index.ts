export { BenchmarkLoadError, formatIssue, type BenchmarkIssue, type BenchmarkWarning, type SourceLocation } from './diagnostics';
export { loadBenchmarkFile, loadBenchmarks, parseBenchmark, type LoadedBenchmark } from './load';
export { YAML_LIMITS, documentToData, yamlDocumentLimitBroken, yamlTextLimitBroken } from './yaml-limits';
