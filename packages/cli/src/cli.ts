import { Command, CommanderError, Option } from 'commander';
import { stringify } from 'yaml';
import {
  buildParameterSchema,
  type EvaluationRequest,
  type EvaluationResult,
  type FieldError,
  type RenderContext,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  EVALUATION_DEFAULTS,
  EvaluationLimitError,
  EvaluationPool,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import {
  CliError,
  pickWorkflow,
  readDocuments,
  readParameters,
} from './documents';

/**
 * Where the command writes; replaceable in tests.
 *
 * @public
 */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIO: CliIO = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
};

/**
 * Exit codes: 0 success, 1 invalid input or render error, 2 wrong usage.
 *
 * @public
 */
export const EXIT_OK = 0;
/** @public */
export const EXIT_INVALID = 1;
/** @public */
export const EXIT_USAGE = 2;

/**
 * `<path>: <message>`, the root written as `(root)`.
 *
 * @public
 */
export function formatErrorLine(error: FieldError): string {
  return `${error.path || '(root)'}: ${error.message}`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function parseLabel(value: string, previous: Record<string, string>) {
  const eq = value.indexOf('=');
  if (eq <= 0) {
    throw new CommanderError(
      EXIT_USAGE,
      'usage.label',
      `error: --label expects key=value, got '${value}'`,
    );
  }
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function schemaCommand(
  io: CliIO,
  file: string,
  opts: { name?: string },
): number {
  const workflow = pickWorkflow(file, readDocuments(file), opts.name);
  const schema = buildParameterSchema(workflow);
  if (schema.errors.length > 0) {
    for (const error of schema.errors) io.stderr(`${formatErrorLine(error)}\n`);
    return EXIT_INVALID;
  }
  io.stdout(json(schema.jsonSchema));
  return EXIT_OK;
}

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1) {
    throw new CommanderError(
      EXIT_USAGE,
      'usage.timeout',
      `error: --timeout-ms expects a positive whole number of milliseconds, got '${value}'`,
    );
  }
  return ms;
}

/**
 * Validates and renders in a worker thread with a deadline, as the backend
 * does, so that no workflow can hang the command.
 */
async function evaluate(
  request: EvaluationRequest,
  timeoutMs: number,
): Promise<EvaluationResult> {
  const pool = new EvaluationPool({
    timeoutMs,
    threads: 1,
    memoryLimitMb: EVALUATION_DEFAULTS.memoryLimitMb,
    timeoutSetting: '--timeout-ms',
  });
  try {
    return await pool.evaluate(request);
  } finally {
    await pool.close();
  }
}

async function validateCommand(
  io: CliIO,
  file: string,
  opts: { name?: string; params: string; timeoutMs: number },
): Promise<number> {
  const workflow = pickWorkflow(file, readDocuments(file), opts.name);
  const prepared = await evaluate(
    {
      workflow,
      parameters: readParameters(opts.params, workflow.metadata?.name),
      context: { runName: 'validate', namespace: 'default' },
      validateOnly: true,
    },
    opts.timeoutMs,
  );
  if (prepared.errors.length > 0) {
    for (const error of prepared.errors)
      io.stderr(`${formatErrorLine(error)}\n`);
    return EXIT_INVALID;
  }
  io.stdout(json(prepared.parameters));
  return EXIT_OK;
}

interface RenderOptions {
  name?: string;
  params: string;
  runName: string;
  namespace: string;
  label: Record<string, string>;
  output: 'yaml' | 'json';
  secretStore?: string;
  ref: string[];
  timeoutMs: number;
}

async function renderCommand(
  io: CliIO,
  file: string,
  opts: RenderOptions,
): Promise<number> {
  const docs = readDocuments(file);
  const workflow = pickWorkflow(file, docs, opts.name);
  const context: RenderContext = {
    runName: opts.runName,
    namespace: opts.namespace,
    labels: opts.label,
    workflowPlane: { secretStore: opts.secretStore ?? '' },
  };
  const result = await evaluate(
    {
      workflow,
      // PARAMS are a WorkflowRun's parameters: rendered as OpenChoreo renders
      // that run (numbers in it are doubles there, defaults keep their type).
      parameters: readParameters(opts.params, workflow.metadata?.name),
      parametersFrom: 'run',
      context,
      // externalRefs are looked up among the documents of FILE and of --ref files
      referenceableObjects: [...docs, ...opts.ref.flatMap(readDocuments)],
    },
    opts.timeoutMs,
  );
  if (result.errors.length > 0) {
    for (const error of result.errors) io.stderr(`${formatErrorLine(error)}\n`);
    return EXIT_INVALID;
  }
  if (!result.rendered) {
    const error = result.renderError ?? { message: 'nothing was rendered' };
    const where: string[] = [];
    if (error.expression && !error.message.includes(error.expression))
      where.push(`expression: ${error.expression}`);
    if (error.location) where.push(`at ${error.location}`);
    const detail = where.length ? ` (${where.join(', ')})` : '';
    io.stderr(`render error: ${error.message}${detail}\n`);
    return EXIT_INVALID;
  }
  for (const warning of result.warnings)
    io.stderr(`warning: ${warning.message}\n`);
  const objects = [
    result.rendered.run,
    ...result.rendered.resources.map(r => r.object),
  ];
  if (opts.output === 'json') {
    io.stdout(json(objects));
  } else {
    io.stdout(objects.map(o => stringify(o, { lineWidth: 0 })).join('---\n'));
  }
  return EXIT_OK;
}

const timeoutOption = () =>
  new Option(
    '--timeout-ms <ms>',
    'stop validating or rendering after this long (a workflow whose CEL takes longer is an error)',
  )
    .argParser(parseTimeout)
    .default(EVALUATION_DEFAULTS.timeoutMs);

function buildProgram(io: CliIO, setCode: (code: number) => void): Command {
  const program = new Command('openchoreo-workflows')
    .description('Check, validate and render OpenChoreo Workflows offline')
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout(text),
      writeErr: text => io.stderr(text),
    });

  program
    .command('schema')
    .description("print the workflow parameters' JSON Schema")
    .argument('<file>', 'YAML file with one or more documents')
    .option(
      '--name <name>',
      'the Workflow/ClusterWorkflow to use when FILE holds several',
    )
    .action((file: string, opts) => setCode(schemaCommand(io, file, opts)));

  program
    .command('validate')
    .description('validate parameters and print them with defaults applied')
    .argument('<file>', 'YAML file with one or more documents')
    .requiredOption('--params <file>', 'YAML or JSON file with the parameters')
    .option(
      '--name <name>',
      'the Workflow/ClusterWorkflow to use when FILE holds several',
    )
    .addOption(timeoutOption())
    .action(async (file: string, opts) =>
      setCode(await validateCommand(io, file, opts)),
    );

  program
    .command('render')
    .description(
      'print the objects the OpenChoreo controller would create for a run',
    )
    .argument('<file>', 'YAML file with one or more documents')
    .requiredOption(
      '--params <file>',
      "YAML or JSON file with the run's parameters (spec.workflow.parameters; defaults are applied as OpenChoreo does)",
    )
    .requiredOption('--run-name <name>', 'the WorkflowRun name')
    .requiredOption('--namespace <namespace>', 'the WorkflowRun namespace')
    .option(
      '--name <name>',
      'the Workflow/ClusterWorkflow to use when FILE holds several',
    )
    .option(
      '--label <key=value>',
      'a WorkflowRun label (repeatable)',
      parseLabel,
      {},
    )
    .option(
      '--ref <file>',
      'YAML file with objects that externalRefs name, e.g. SecretReferences (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--secret-store <name>',
      'the workflow plane secret store (${workflowplane.secretStore})',
    )
    .addOption(
      new Option('--output <format>', 'output format')
        .choices(['yaml', 'json'])
        .default('yaml'),
    )
    .addOption(timeoutOption())
    .action(async (file: string, opts) =>
      setCode(await renderCommand(io, file, opts)),
    );

  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: text => io.stdout(text),
      writeErr: text => io.stderr(text),
    });
  }
  return program;
}

/**
 * Runs the command line (without `node` and the script); resolves to the exit code.
 *
 * @public
 */
export async function runCli(
  argv: string[],
  io: CliIO = processIO,
): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, c => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version'
      ) {
        return EXIT_OK;
      }
      if (error.code === 'usage.label' || error.code === 'usage.timeout') {
        io.stderr(`${error.message}\n`);
      }
      return error.code === 'commander.executeSubCommandAsync'
        ? EXIT_INVALID
        : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT_INVALID;
    }
    if (error instanceof EvaluationLimitError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT_INVALID;
    }
    throw error;
  }
}
