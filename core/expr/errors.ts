/** Diagnostic and error shapes shared by the parser, checker and evaluator. */

export type ExprDiagnosticCode = 'expression-syntax' | 'unknown-reference' | 'type-mismatch' | 'unknown-function' | 'wrong-arity';

/** A static problem with an expression. `start`/`end` are absolute offsets (end exclusive). */
export interface ExprDiagnostic {
  code: ExprDiagnosticCode;
  message: string;
  start: number;
  end: number;
  /** Did-you-mean candidates, best first (also worded into `message`). */
  suggestions?: string[];
}

/** A syntax error from the interpolation finder, lexer or parser. */
export interface ExprError extends ExprDiagnostic {
  code: 'expression-syntax';
}

export function syntaxError(message: string, start: number, end: number): ExprError {
  return { code: 'expression-syntax', message, start, end };
}

/**
 * Thrown by the evaluator (and by the template helpers for syntax errors). `start`/`end` locate the
 * failing node using the offsets the expression was parsed with.
 */
export class ExprEvalError extends Error {
  readonly code: 'expression-eval' | 'expression-syntax';
  readonly start: number;
  readonly end: number;
  constructor(message: string, start: number, end: number, code: 'expression-eval' | 'expression-syntax' = 'expression-eval') {
    super(message);
    this.name = 'ExprEvalError';
    this.code = code;
    this.start = start;
    this.end = end;
  }
}
