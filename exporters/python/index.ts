/** Shared helpers for the Python targets: literals and identifiers (source.ts), `${{ }}` → Python (expr.ts). */
export * from './source';
export * from './expr';
