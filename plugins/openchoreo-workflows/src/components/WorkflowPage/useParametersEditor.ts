import {
  formDefaults,
  type JSONSchema,
  type WorkflowDetail,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Dispatch, SetStateAction, useState } from 'react';
import type { FieldError } from '../../api';
import { toYaml } from '../shared';
import { remainingErrors } from './errorSchema';
import { parseYamlObject } from './YamlParameters';

/**
 * The parameters being edited, in the form or as YAML text. Editing a field
 * drops the backend's problem with it (the others stay).
 */
export function useParametersEditor(
  workflow: WorkflowDetail,
  initialParameters: Record<string, unknown> | undefined,
  setServerErrors: Dispatch<SetStateAction<FieldError[]>>,
) {
  // A run carries only what differed from the defaults: the form shows them around it.
  const [parameters, setParameters] = useState<Record<string, unknown>>(() =>
    initialParameters
      ? formDefaults(workflow.jsonSchema as JSONSchema, initialParameters)
      : workflow.defaults ?? {},
  );
  // The YAML text while in YAML mode, with its parse error.
  const [yaml, setYaml] = useState<{ text: string; error?: string }>();
  // Remounts the RJSF form when the data is replaced from outside (YAML mode).
  const [formKey, setFormKey] = useState(0);

  const update = (next: Record<string, unknown>) => {
    setServerErrors(errors =>
      errors.length ? remainingErrors(errors, parameters, next) : errors,
    );
    setParameters(next);
  };
  const toggleYaml = (on: boolean) => {
    if (!on) setFormKey(k => k + 1);
    setYaml(on ? { text: toYaml(parameters) } : undefined);
  };
  const editYaml = (text: string) => {
    const { value, error } = parseYamlObject(text);
    setYaml({ text, error });
    if (value) update(value);
  };
  return { parameters, update, yaml, toggleYaml, editYaml, formKey };
}
