/** Progress on stderr: a redrawn bar on a terminal, one line per finished benchmark otherwise. */
export class Progress {
  private done = 0;
  private passed = 0;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}

  advance(id: string, passed: boolean, score: number): void {
    this.done += 1;
    if (passed) this.passed += 1;
    if (!this.enabled || this.total < 2) return;
    if (this.out.isTTY) {
      const width = 24;
      const filled = Math.round((this.done / this.total) * width);
      this.out.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} ${this.passed} passed  ${id.padEnd(40).slice(0, 40)}`,
      );
    } else {
      this.out.write(`[${this.done}/${this.total}] ${passed ? 'pass' : 'FAIL'} ${score.toFixed(3)} ${id}\n`);
    }
  }

  finish(): void {
    if (this.enabled && this.total >= 2 && this.out.isTTY) this.out.write('\n');
  }
}
