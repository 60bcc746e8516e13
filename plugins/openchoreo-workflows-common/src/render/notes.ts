/**
 * Notes that functions leave while an expression is evaluated (evaluation is
 * synchronous, so one collector at a time is enough): the template engine
 * turns them into warnings of the preview, located at the expression.
 */
let current: string[] | undefined;

/** Leaves a note for the expression being evaluated (ignored outside collectEvaluationNotes). */
export function noteDuringEvaluation(note: string): void {
  if (current && !current.includes(note)) current.push(note);
}

/** Runs `evaluate` and returns its value with the notes left meanwhile. */
export function collectEvaluationNotes<T>(evaluate: () => T): {
  value: T;
  notes: string[];
} {
  const outer = current;
  const notes: string[] = [];
  current = notes;
  try {
    return { value: evaluate(), notes };
  } finally {
    current = outer;
  }
}
