import { createHash } from 'crypto';

/** A short, stable hex string (fake commit SHAs, digests). */
export const shortHash = (seed: string, length = 8) =>
  createHash('sha256').update(seed).digest('hex').slice(0, length);

export interface StepDescription {
  displayName: string;
  templateName: string;
  image?: string;
  command?: string[];
  inputs: Record<string, string>;
  workflowParameters: Record<string, string>;
  workflowName: string;
}

const find = (params: Record<string, string>, pattern: RegExp) =>
  Object.entries(params).find(([k, v]) => pattern.test(k) && v !== '')?.[1];

/** Picks what a step works on from its inputs first, then the workflow's parameters. */
function lookup(step: StepDescription, pattern: RegExp): string | undefined {
  return find(step.inputs, pattern) ?? find(step.workflowParameters, pattern);
}

export function imageOf(step: StepDescription): string {
  const explicit = lookup(step, /^image$|^image-ref$|^target-image$/);
  if (explicit) return explicit;
  const name =
    lookup(step, /image-name|^repository-name$/) ??
    `registry.local/${step.workflowName}`;
  const tag = lookup(step, /image-tag|^tag$/) ?? 'latest';
  const revision = lookup(step, /git-revision|commit/);
  return `${name}:${tag}${revision ? `-${revision.slice(0, 8)}` : ''}`;
}

/** A plausible output value for an output parameter the simulator cannot compute. */
export function plausibleOutput(step: StepDescription, name: string): string {
  if (/revision|commit|sha/i.test(name)) {
    const explicit = lookup(step, /^commit$/);
    return explicit || shortHash(`${step.workflowName}/${step.displayName}`);
  }
  if (/image/i.test(name)) return imageOf(step);
  if (/url|endpoint/i.test(name))
    return `https://${step.workflowName}.example.internal/${step.displayName}`;
  if (/count|total|number/i.test(name))
    return String(parseInt(shortHash(step.displayName, 2), 16) % 50);
  if (/report|summary|result/i.test(name))
    return `${step.displayName} completed without findings`;
  return `${step.displayName}-${name}`;
}

/** The lines a step "prints": its inputs and what it plausibly does, keyed off its name. */
export function stepLogLines(step: StepDescription): string[] {
  const lines = [
    `starting step ${step.displayName} (template ${step.templateName}, image ${
      step.image ?? 'busybox'
    })`,
  ];
  for (const [k, v] of Object.entries(step.inputs))
    lines.push(`input ${k}=${v}`);
  const what = `${step.displayName} ${step.templateName}`.toLowerCase();
  const repo =
    lookup(step, /repo|git-url|^url$/) ?? 'https://github.com/example/app';
  const branch = lookup(step, /branch/) ?? 'main';
  if (/clone|checkout|source/.test(what)) {
    const commit =
      lookup(step, /^commit$/) || shortHash(`${step.workflowName}/${repo}`);
    lines.push(
      `cloning ${repo}@${branch}`,
      `Cloning into '/mnt/vol/source'...`,
      `checked out ${commit.slice(0, 8)}`,
    );
  } else if (/build/.test(what)) {
    const image = imageOf(step);
    const context = lookup(step, /context|app-path/) ?? '.';
    const file = lookup(step, /dockerfile|file-path/) ?? 'Dockerfile';
    lines.push(
      `building ${image}`,
      `STEP 1/4: FROM docker.io/library/golang:1.23-alpine (context ${context}, file ${file})`,
      'STEP 2/4: COPY . /src',
      'STEP 3/4: RUN go build -o /app ./...',
      'STEP 4/4: ENTRYPOINT ["/app"]',
      `COMMIT ${image}`,
      `successfully built ${shortHash(image, 12)}`,
    );
  } else if (/push|publish/.test(what)) {
    const image = imageOf(step);
    lines.push(
      `pushing ${image}`,
      `Copying blob sha256:${shortHash(image, 12)} done`,
      `pushed ${image}`,
    );
  } else if (/test/.test(what)) {
    lines.push(
      'running test suite',
      `ok   ${step.workflowName}/pkg/api 0.41s`,
      'ok   pkg/store 0.22s',
      'PASS: 42 passed, 0 failed',
    );
  } else if (/plan/.test(what)) {
    lines.push(
      'terraform init: backend initialised',
      'terraform plan: 3 to add, 0 to change, 0 to destroy',
    );
  } else if (/apply|provision|deploy/.test(what)) {
    lines.push(
      'applying changes',
      'Apply complete! Resources: 3 added, 0 changed, 0 destroyed.',
    );
  } else if (/lint|validate|verify|check|scan/.test(what)) {
    lines.push(`checking ${step.displayName}`, 'no problems found in 17 files');
  } else if (/fetch|extract|download/.test(what)) {
    lines.push(`fetching from ${repo}`, 'fetched 128 records');
  } else if (/transform|process/.test(what)) {
    lines.push(
      'transforming 128 records',
      'wrote /mnt/vol/data/transformed.json',
    );
  } else if (/report|notify|summar/.test(what)) {
    lines.push('rendering report', `report written for ${step.workflowName}`);
  } else {
    lines.push(`running ${(step.command ?? ['sh', '-c']).join(' ')}`);
  }
  return lines;
}
