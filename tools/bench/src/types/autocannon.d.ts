// The part of autocannon's API the bench uses (the package ships no types).
declare module 'autocannon' {
  interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
  }
  interface AutocannonStats {
    average: number;
    mean: number;
    p50: number;
    p99: number;
    /** Sum over the run (requests: count; throughput: bytes). */
    total: number;
  }
  interface AutocannonResult {
    requests: AutocannonStats;
    latency: AutocannonStats;
    throughput: AutocannonStats;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }
  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
  export = autocannon;
}
