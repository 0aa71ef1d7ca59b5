/**
 * Shared helpers for the Python targets: literals and identifiers (source.ts), `${{ }}` → Python
 * (expr.ts), the run-time helpers the generated modules define (runtime.ts) and `platform` settings
 * as keyword arguments (platform.ts).
 */
export * from './source';
export * from './expr';
export * from './runtime';
export * from './platform';
