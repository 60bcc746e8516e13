import {
  evaluateWhen,
  isoNow,
  Json,
  nodeId,
  Phase,
  Scope,
  substitute,
  templateOutputs,
  templateType,
} from './argoTemplates';
import { runDag } from './dagRunner';
import { Execution, TemplateSource } from './execution';

/** How a template is called: the node it becomes and what it is given. */
export interface TemplateCall {
  nodeName: string;
  displayName: string;
  boundaryID?: string;
  parentId?: string;
  scope: Scope;
  templateScope: TemplateSource;
  arguments: Json[];
  templateRef?: Json;
}

export interface TemplateResult {
  phase: Phase;
  message?: string;
  outputs: Record<string, string>;
}

/** Runs a leaf template (a container or script) as a pod. */
export type PodRunner = (
  exec: Execution,
  template: Json,
  node: Json,
  scope: Scope,
  inputs: Record<string, string>,
) => Promise<TemplateResult>;

const parameterList = (values: Record<string, string>) =>
  Object.entries(values).map(([name, value]) => ({ name, value }));

/** The inputs of a template call: its declared parameters, overridden by the caller's arguments. */
function inputsOf(template: Json, call: TemplateCall): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const p of template.inputs?.parameters ?? []) {
    if (p.value !== undefined || p.default !== undefined)
      inputs[p.name] = substitute(String(p.value ?? p.default), call.scope);
  }
  for (const a of call.arguments)
    inputs[a.name] = substitute(String(a.value ?? ''), call.scope);
  return inputs;
}

/**
 * Walks an Argo Workflow's templates as Argo's controller does: Steps
 * (sequential groups of parallel steps, withItems, simple when), DAGs, Suspend
 * and leaf pods, recording a node per call in the execution's status.
 */
export class TemplateRunner {
  constructor(readonly exec: Execution, private readonly runPod: PodRunner) {}

  async runTemplate(
    template: Json,
    call: TemplateCall,
  ): Promise<TemplateResult & { id: string }> {
    const exec = this.exec;
    const id = nodeId(exec.name, call.nodeName);
    const inputs = inputsOf(template, call);
    const scope: Scope = {
      workflow: call.scope.workflow,
      values: Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [`inputs.parameters.${k}`, v]),
      ),
    };
    const type = templateType(template);
    const node: Json = {
      id,
      name: call.nodeName,
      displayName: call.displayName,
      type,
      templateName: template.name,
      ...(call.templateRef ? { templateRef: call.templateRef } : {}),
      templateScope:
        call.templateScope.kind === 'local'
          ? `local/${exec.name}`
          : `${call.templateScope.kind}/${call.templateScope.name}`,
      phase: 'Running',
      boundaryID: call.boundaryID,
      startedAt: isoNow(),
      finishedAt: null,
      ...(Object.keys(inputs).length
        ? { inputs: { parameters: parameterList(inputs) } }
        : {}),
    };
    exec.setNode(node);
    exec.addChild(call.parentId, id);
    let result: TemplateResult;
    if (type === 'Steps')
      result = await this.runSteps(template, node, scope, call.templateScope);
    else if (type === 'DAG')
      result = await runDag(this, template, node, scope, call.templateScope);
    else if (type === 'Suspend') {
      await exec.flush();
      await exec.sleep(10);
      result = { phase: 'Succeeded', outputs: {} };
    } else result = await this.runPod(exec, template, node, scope, inputs);
    node.phase = result.phase;
    node.finishedAt = isoNow();
    if (result.message) node.message = result.message;
    if (Object.keys(result.outputs).length && type !== 'Pod')
      node.outputs = { parameters: parameterList(result.outputs) };
    await exec.flush();
    return { ...result, id };
  }

  private async runSteps(
    template: Json,
    node: Json,
    scope: Scope,
    templateScope: TemplateSource,
  ): Promise<TemplateResult> {
    const exec = this.exec;
    const groups: Json[][] = (template.steps as Json[][]).map(g =>
      Array.isArray(g) ? g : [g],
    );
    let previous: string[] = [node.id];
    let phase: Phase = 'Succeeded';
    let message: string | undefined;
    for (let i = 0; i < groups.length && phase === 'Succeeded'; i++) {
      const groupName = `${node.name}[${i}]`;
      const groupId = nodeId(exec.name, groupName);
      const group: Json = {
        id: groupId,
        name: groupName,
        displayName: `[${i}]`,
        type: 'StepGroup',
        templateName: template.name,
        templateScope: node.templateScope,
        phase: 'Running',
        boundaryID: node.id,
        startedAt: isoNow(),
        finishedAt: null,
      };
      exec.setNode(group);
      for (const p of previous) exec.addChild(p, groupId);
      await exec.flush();
      const calls = groups[i].flatMap(step => expandItems(step));
      const results = await Promise.all(
        calls.map(async ({ step, name, item }) => {
          const stepScope: Scope = {
            workflow: scope.workflow,
            values: { ...scope.values, ...item },
          };
          const nodeName = `${groupName}.${name}`;
          const r = await this.runCall(step, {
            nodeName,
            displayName: name,
            boundaryID: node.id,
            parentId: groupId,
            scope: stepScope,
            templateScope,
          });
          for (const [k, v] of Object.entries(r.outputs))
            scope.values[`steps.${step.name}.outputs.parameters.${k}`] = v;
          return r;
        }),
      );
      const failed = results.find(
        r => r.phase === 'Failed' || r.phase === 'Error',
      );
      group.phase = failed ? 'Failed' : 'Succeeded';
      group.finishedAt = isoNow();
      if (failed) {
        phase = 'Failed';
        message = `child '${failed.id}' failed`;
        group.message = message;
      }
      previous = results.map(r => r.id);
      await exec.flush();
    }
    node.outboundNodes = previous;
    return { phase, message, outputs: templateOutputs(template, scope) };
  }

  /**
   * One step or DAG task: skipped when its `when` is false, else its template
   * (resolved locally or through templateRef) is run.
   */
  async runCall(
    step: Json,
    call: Omit<TemplateCall, 'arguments' | 'templateRef'>,
  ): Promise<TemplateResult & { id: string }> {
    if (step.when && !evaluateWhen(substitute(step.when, call.scope))) {
      return this.skip(
        call.nodeName,
        call.displayName,
        call.parentId ?? call.boundaryID!,
        call.boundaryID!,
        `when '${substitute(step.when, call.scope)}' evaluated false`,
      );
    }
    const { template, templateScope } = await this.exec.resolveTemplate(
      step,
      call.templateScope,
    );
    return this.runTemplate(template, {
      ...call,
      templateScope,
      arguments: step.arguments?.parameters ?? [],
      templateRef: step.templateRef,
    });
  }

  private skip(
    nodeName: string,
    displayName: string,
    parentId: string,
    boundaryID: string,
    message: string,
  ) {
    const id = nodeId(this.exec.name, nodeName);
    this.exec.setNode({
      id,
      name: nodeName,
      displayName,
      type: 'Skipped',
      phase: 'Skipped',
      boundaryID,
      message,
      startedAt: isoNow(),
      finishedAt: isoNow(),
    });
    this.exec.addChild(parentId, id);
    return { phase: 'Skipped' as Phase, outputs: {}, id };
  }
}

function expandItems(
  step: Json,
): Array<{ step: Json; name: string; item: Record<string, string> }> {
  if (!Array.isArray(step.withItems))
    return [{ step, name: step.name, item: {} }];
  return step.withItems.map((item: unknown, i: number) => {
    const text = typeof item === 'object' ? JSON.stringify(item) : String(item);
    const values: Record<string, string> = { item: text };
    if (item && typeof item === 'object') {
      for (const [k, v] of Object.entries(item))
        values[`item.${k}`] = String(v);
    }
    return { step, name: `${step.name}(${i}:${text})`, item: values };
  });
}
