/**
 * The `${{ … }}` expression language of Weft pipeline files: interpolation finder, parser, static
 * checker and evaluator.
 *
 * Typical use (language server):
 *   const r = checkTemplate(value, env, documentOffsetOfValue);   // diagnostics + references + type
 * Typical use (runtime):
 *   const v = evaluateTemplate(value, { params, tasks, run, pipeline, env, secrets });
 *
 * Design notes
 * - Identifiers: `[A-Za-z_][A-Za-z0-9_]*`; a hyphen belongs to an identifier only when directly
 *   preceded by an identifier character and directly followed by a letter or underscore:
 *   `tasks.load-data.outputs` is one name; `a - b`, `a-1`, `a -b` are subtractions; `x-y` is a name.
 * - Offsets: parser/checker offsets are `baseOffset + index into source` so callers can pass
 *   absolute document offsets. Ranges are half-open [start, end).
 * - Parse errors: the parser stops at the first error (code `expression-syntax`), worded
 *   "Expected X, found Y." with the narrowest range (the offending token; end of input is a
 *   zero-width range).
 * - Diagnostic codes: `expression-syntax`, `unknown-reference`, `type-mismatch`,
 *   `unknown-function`, `wrong-arity` (wrong argument count, and format() placeholders without a
 *   value). Argument type errors are `type-mismatch` on the argument.
 * - Unknown-member wording uses the object type's `what` (a noun phrase for the object) and
 *   `keyNoun` (singular noun for its keys):
 *     "Unknown {keyNoun ?? 'field'} '{name}' in {what ?? path as written}. Did you mean 'x'?"
 *   Build env types like:
 *     params: { kind:'object', what:'params', keyNoun:'param', fields:{ day: {kind:'string'} } }
 *     tasks:  { kind:'object', what:'tasks', keyNoun:'task', fields:{ extract: { kind:'object',
 *               what:"task 'extract'", fields:{ status: {kind:'string'}, outputs: { kind:'object',
 *               what:"outputs of task 'extract'", keyNoun:'output', fields:{ rows: {kind:'integer'} } } } } } }
 *     env:    { kind:'object', what:'env', open:true, values:{kind:'string'} }
 *   → "Unknown output 'rws' in outputs of task 'extract'. Did you mean 'rows'?"
 *   With no suggestion the known keys are listed ("Available: a, b."); with none declared the
 *   message ends "(none are declared)".
 * - Conditions (`!`, `&&`, `||`, `? :`) must be boolean (or any) for the checker; at runtime they
 *   use truthiness. `==` between different type families (except with any/null) is a mismatch.
 *   `+` is number addition or string concatenation; string + number is a mismatch.
 * - `/` always yields a (floating-point) number; integer op integer stays integer for + - * %.
 * - Template stringification: null → '', lists/objects → compact JSON.
 */
export type {
  Expr,
  LiteralExpr,
  IdentExpr,
  MemberExpr,
  IndexExpr,
  CallExpr,
  UnaryExpr,
  BinaryExpr,
  TernaryExpr,
  ListExpr,
  BinaryOp,
  UnaryOp,
} from './ast';
export { childrenOf, walkExpr, nodeAt, printExpr, describeExpr } from './ast';
export type { ExprDiagnostic, ExprDiagnosticCode, ExprError } from './errors';
export { ExprEvalError } from './errors';
export type { Token, TokenKind } from './lexer';
export { tokenize } from './lexer';
export type { ParseResult } from './parser';
export { parseExpression } from './parser';
export type { ExprType, ObjectType } from './types';
export { T, listOf, objectOf, typeToString, isAssignable, isConditionType, joinTypes, typeFromName, valueMatches } from './types';
export type { BuiltinFunction, FunctionParam } from './functions';
export { FUNCTIONS, getFunction, arity, signatureToString } from './functions';
export type { TypeEnv, ExprReference, ReferenceSegment, CheckResult, TemplateCheckResult } from './checker';
export { checkExpression, checkTemplate, collectReferences, expectType } from './checker';
export type { TemplatePart, TextPart, ExprPart, ParsedTemplate, ParsedExprPart } from './interpolation';
export { findInterpolations, hasInterpolation, parseTemplate, wholeValuePart } from './interpolation';
export type { Scope } from './evaluator';
export { evaluate, evaluateExpression, evaluateTemplate } from './evaluator';
export { stringifyValue, truthy, deepEqual } from './values';
