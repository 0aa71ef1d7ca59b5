/** The semantic rules, in the order they run. Each lives in its own module under rules/. */
import type { Rule } from './validate';

export const RULES: Rule[] = [];
