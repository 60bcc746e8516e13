import { ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';
import { goToolBinary } from '@openchoreo-workflows/test-apiserver';

/** One question for OpenChoreo's own code (tools/openchoreo-oracle). */
export interface OracleCase {
  id: string;
  /** A Workflow or ClusterWorkflow object (v1), or a v0.x one with spec.schema shorthand. */
  workflow: object;
  /** As in the WorkflowRun's spec.workflow.parameters; absent or null = none. */
  runParameters?: Record<string, unknown> | null;
  context: {
    runName: string;
    namespace: string;
    labels?: Record<string, string>;
    /** The resolved externalRefs as the controller injects them: id -> { spec }. */
    externalRefs?: Record<string, unknown>;
    secretStore?: string;
  };
}

/** Go's type of a number (JSON cannot show it); `NullValue` is a CEL null written as 0. */
export type GoNumberType =
  | 'int64'
  | 'float64'
  | 'uint64'
  | 'int'
  | 'int32'
  | 'float32'
  | 'NullValue';

/** What OpenChoreo v1.2.3 makes of an {@link OracleCase}. */
export interface OracleResult {
  id: string;
  generation?: 'v1' | 'v0';
  /** The resolved JSON schema (OpenChoreo's SectionToRawJSONSchema; the extractor's for v0.x). */
  schema: any;
  /** `parameters` of the CEL context: the run's parameters with the schema defaults applied. */
  defaultedParameters: any;
  /** JSON Pointer (RFC 6901) below defaultedParameters -> Go type, for every number. */
  parameterTypes: Record<string, GoNumberType>;
  /** The run resource after the controller's last step (argument values to strings), and `resources[]`. */
  rendered: {
    resource: any;
    resources: Array<{ id: string; resource: any }>;
  } | null;
  /** JSON Pointer below `rendered` (`/resource/...`, `/resources/0/resource/...`) -> Go type. */
  renderedTypes: Record<string, GoNumberType>;
  /** OpenChoreo's own error text, or null. */
  error: string | null;
  errorStage:
    | 'input'
    | 'schema'
    | 'parameters'
    | 'render'
    | 'serialize'
    | 'panic'
    | null;
  /** Set when part of the case was not evaluated (v0.x has no render pipeline in v1.2.3). */
  note?: string;
}

export interface OracleOptions {
  /** Longest time one case may take before the oracle process is restarted (default 10 s). */
  caseTimeoutMs?: number;
}

interface Pending {
  id: string;
  resolve(r: OracleResult): void;
  reject(e: Error): void;
}

/**
 * OpenChoreo v1.2.3's own rendering code in one long-lived process: cases are
 * answered in order over stdin/stdout (JSON lines). A case that runs longer than
 * the timeout (an unbounded CEL evaluation) fails with a clear error and the
 * process is restarted for the next case.
 */
export class OpenChoreoOracle {
  private child?: ChildProcess;
  private readonly pending: Pending[] = [];
  private stderrTail = '';
  private timer?: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly binary: string,
    private readonly caseTimeoutMs: number,
  ) {}

  /** Builds the oracle if needed (minutes when cold) and starts it. */
  static async start(options: OracleOptions = {}): Promise<OpenChoreoOracle> {
    const binary = await goToolBinary('openchoreo-oracle');
    const oracle = new OpenChoreoOracle(
      binary,
      options.caseTimeoutMs ?? 10_000,
    );
    oracle.spawn();
    return oracle;
  }

  /** OpenChoreo's answer for one case. */
  render(c: OracleCase): Promise<OracleResult> {
    if (this.closed) return Promise.reject(new Error('oracle: closed'));
    if (!this.child) this.spawn();
    return new Promise((resolve, reject) => {
      this.pending.push({ id: c.id, resolve, reject });
      this.child!.stdin!.write(`${JSON.stringify(c)}\n`);
      this.armTimer();
    });
  }

  /** Stops the process; pending cases fail. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    if (!child) return;
    const exited = new Promise(r => child.once('exit', r));
    child.stdin?.end(); // the oracle exits at EOF
    await exited;
  }

  private spawn() {
    const child = spawn(this.binary, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.stderrTail = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
    child.stdin!.on('error', () => {}); // reported through 'exit'
    readline
      .createInterface({ input: child.stdout!, crlfDelay: Infinity })
      .on('line', line => this.onLine(line));
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      this.failAll(
        new Error(
          `oracle: process exited (code ${code}, signal ${signal})${
            this.stderrTail ? `: ${this.stderrTail}` : ''
          }`,
        ),
      );
    });
  }

  private onLine(line: string) {
    const next = this.pending.shift();
    if (!next) return;
    let result: OracleResult;
    try {
      result = JSON.parse(line);
    } catch (e) {
      next.reject(
        new Error(
          `oracle: unreadable answer for ${next.id}: ${line.slice(0, 200)}`,
        ),
      );
      return;
    }
    if (result.id !== next.id) {
      next.reject(
        new Error(
          `oracle: answer for ${result.id} arrived for case ${next.id}`,
        ),
      );
    } else {
      next.resolve(result);
    }
    this.armTimer();
  }

  /** One timer for the oldest pending case. */
  private armTimer() {
    clearTimeout(this.timer);
    if (this.pending.length === 0) return;
    const oldest = this.pending[0];
    this.timer = setTimeout(() => {
      if (this.pending[0] !== oldest) return;
      const child = this.child;
      this.child = undefined;
      this.failAll(
        new Error(
          `oracle: case ${oldest.id} took longer than ${this.caseTimeoutMs} ms`,
        ),
      );
      child?.kill('SIGKILL');
    }, this.caseTimeoutMs);
  }

  private failAll(error: Error) {
    clearTimeout(this.timer);
    for (const p of this.pending.splice(0)) p.reject(error);
  }
}
