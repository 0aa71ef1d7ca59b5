/** The semantic rules, in the order they run. Each lives in its own module under rules/. */
import type { Rule } from './validate';
import { expressionRule } from './rules/expressions';
import { dependencyRule } from './rules/dependencies';
import { paramRule } from './rules/params';
import { scheduleRule } from './rules/schedule';
import { fileRule, subPipelineOutputRule } from './rules/files';
import { referenceRule } from './rules/references';
import { inputRule } from './rules/inputs';
import { manifestRule } from './rules/manifest';
import { outputRule } from './rules/outputs';
import { serviceRule } from './rules/services';

export const RULES: Rule[] = [expressionRule, dependencyRule, paramRule, scheduleRule, fileRule, subPipelineOutputRule, referenceRule, inputRule, manifestRule, outputRule, serviceRule];
