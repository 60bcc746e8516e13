import { re2RegExp } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { customizeValidator } from '@rjsf/validator-ajv8';

/**
 * The forms' validator: RJSF's ajv validator with the common package's RE2
 * engine for `pattern`, so a form checks patterns as the backend and
 * Kubernetes do (Go syntax such as `(?i)`) and a hostile pattern cannot
 * freeze the browser tab with backtracking.
 */
export const formValidator = customizeValidator({
  ajvOptionsOverrides: { code: { regExp: re2RegExp } },
});
