import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../../core/expr';
import type { Pipeline } from '../../../core/model/types';
import { toExprLang, toPython, translateCondition, translateList, translateText, type ExprCtx } from '../../../exporters/argo/expr';

const pipeline = {
  apiVersion: 'weft/v1',
  kind: 'Pipeline',
  metadata: { name: 'p' },
  params: { day: { type: 'string' }, n: { type: 'integer' }, on: { type: 'boolean' }, xs: { type: 'list' } },
  tasks: {},
} as unknown as Pipeline;

const ctx = (over: Partial<ExprCtx> = {}): ExprCtx => ({
  pipeline,
  pipelineName: 'p',
  fileName: 'p.weft.yaml',
  param: (n) => `{{workflow.parameters.${n}}}`,
  output: (t, o) => (o === 'file' ? { artifact: { task: t, output: o, path: 'out/f.csv' } } : { tag: `{{tasks.${t}.outputs.parameters.${o}}}`, kind: 'number' }),
  status: (t) => ({ tag: `{{tasks.${t}.status}}` }),
  handler: false,
  ...over,
});
const expr = (s: string) => parseExpression(s).ast!;

describe('argo expression translation', () => {
  it('strings: references, run, pipeline, format, toJSON, constants', () => {
    const t = (s: string, k8s = false, c = ctx()) => translateText(s, c, k8s);
    assert.equal(t('day=${{ params.day }}').text, 'day={{workflow.parameters.day}}');
    assert.equal(t('${{ tasks.a.outputs.rows }}').text, '{{tasks.a.outputs.parameters.rows}}');
    const f = t('${{ tasks.a.outputs.file }}');
    assert.equal(f.text, 'out/f.csv');
    assert.deepEqual(f.artifacts, [{ task: 'a', output: 'file', path: 'out/f.csv' }]);
    assert.equal(t('${{ run.id }}/${{ run.date }}').text, '{{workflow.name}}/{{workflow.creationTimestamp.Y}}-{{workflow.creationTimestamp.m}}-{{workflow.creationTimestamp.d}}');
    assert.equal(t('${{ pipeline.name }}').text, 'p');
    assert.equal(t("${{ format('{0}/{{x}}/{1}', params.day, params.n) }}").text, '{{workflow.parameters.day}}/{x}/{{workflow.parameters.n}}');
    assert.equal(t('${{ toJSON(params.xs) }}').text, '{{workflow.parameters.xs}}');
    assert.equal(t('${{ 2 * 21 }} ${{ [1, 2] }}').text, '42 [1,2]');
    assert.equal(t('${{ item.region }}', false, ctx({ item: 'object' })).text, '{{item.region}}');
    assert.equal(t('$(HOME) ${{ env.USER }}', true).text, '$$(HOME) $(USER)');
    assert.deepEqual(t('${{ secrets.tok }}', true).secrets, ['tok']);
  });

  it('strings: what cannot be substituted is a problem', () => {
    for (const s of ['${{ params.n + 1 }}', '${{ upper(params.day) }}', '${{ run.attempt }}', '${{ env.X }}', '${{ secrets.x }}', '${{ item }}']) {
      assert.ok(translateText(s, ctx(), false).problems.length > 0, s);
    }
    assert.ok(translateText('${{ run.status }}', ctx(), false).problems.length > 0, 'run.status outside handlers');
    assert.deepEqual(translateText('${{ run.status }}', ctx({ handler: true }), false).problems, []);
  });

  it('conditions: govaluate syntax, strings quoted', () => {
    const c = (s: string) => translateCondition(expr(s), ctx());
    assert.equal(c('params.on').text, '{{workflow.parameters.on}}');
    assert.equal(c("params.day == 'x' || !params.on").text, "('{{workflow.parameters.day}}' == 'x') || !({{workflow.parameters.on}})");
    assert.equal(c('tasks.a.outputs.rows * 2 >= params.n').text, '(({{tasks.a.outputs.parameters.rows}} * 2) >= {{workflow.parameters.n}})'.slice(1, -1));
    assert.equal(c("tasks.a.status == 'Succeeded'").text, "'{{tasks.a.status}}' == 'Succeeded'");
    assert.ok(c('len(params.xs) > 1').problems.length > 0);
    assert.ok(c("params.day == \"it's\"").problems.length > 0, 'a quote cannot be written');
  });

  it('python: operators and functions over bound variables', () => {
    const bound: string[] = [];
    const py = (s: string) => toPython(expr(s), ctx(), (tag) => (bound.push(tag), `v${bound.length - 1}`));
    assert.equal(py('tasks.a.outputs.rows >= params.n && !params.on').text, 'bool((v0 >= v1) and (not v2))');
    assert.equal(py("contains(params.xs, 'a') ? len(params.xs) : -1").text, '(len(v4) if ("a" in v3) else -1)');
    assert.equal(py("'{{x}}' == params.day").text, '("\\u007b\\u007bx\\u007d\\u007d" == v5)');
    assert.ok(py('round(params.n)').problems.length > 0);
  });

  it('default() of a task output: the fallback text for the input parameter, only where the caller takes one', () => {
    const out = ctx({ output: (t, o) => ({ tag: `{{tasks.${t}.outputs.parameters.${o}}}`, kind: 'string' }) });
    const f = translateText("[${{ default(tasks.a.outputs.m, 'none') }}] ${{ params.day }}", out, false, true);
    assert.deepEqual([f.text, f.fallback, f.problems], ['[{{tasks.a.outputs.parameters.m}}] {{workflow.parameters.day}}', undefined, [f.problems[0]]], 'a param in the text is not in the default');
    const g = translateText("[${{ default(tasks.a.outputs.m, 3) }}]", out, false, true);
    assert.deepEqual([g.text, g.fallback, g.problems], ['[{{tasks.a.outputs.parameters.m}}]', '[3]', []]);
    assert.ok(translateText("${{ default(tasks.a.outputs.m, 'x') }}", out, false).problems.length > 0, 'without a parameter to hold it');
    assert.equal(translateText('${{ run.duration }}', ctx(), false).text, '{{workflow.duration}}');
    assert.ok(translateText('${{ tasks.a.address }}', ctx(), false).problems.length > 0, 'no node variables without the DAG');
  });

  it("zip(tasks.<id>.outputs) is Argo's aggregated {{tasks.X.outputs.parameters}} where the DAG says so; any other zip is computed", () => {
    const agg = ctx({ aggregate: (t) => (t === 'loop' ? { tag: `{{tasks.${t}.outputs.parameters}}` } : { problem: `${t} is not a fan-out task` }) });
    const t = (s: string, c = agg) => translateText(s, c, false);
    assert.deepEqual([t('${{ toJSON(zip(tasks.loop.outputs)) }}').text, t('${{ toJSON(zip(tasks.loop.outputs)) }}').problems], ['{{tasks.loop.outputs.parameters}}', []]);
    assert.equal(t('all: ${{ zip(tasks.loop.outputs) }}').text, 'all: {{tasks.loop.outputs.parameters}}');
    assert.deepEqual(translateList(expr('zip(tasks.loop.outputs)'), agg), { param: '{{tasks.loop.outputs.parameters}}', t: { text: '', problems: [], artifacts: [], secrets: [], notes: [] } });
    const bound: string[] = [];
    assert.equal(toPython(expr('len(zip(tasks.loop.outputs)) > 1'), agg, (tag, kind) => (bound.push(`${tag} ${kind}`), 'v0')).text, '(len(v0) > 1)');
    assert.deepEqual(bound, ['{{tasks.loop.outputs.parameters}} list']);
    assert.deepEqual(t('${{ zip(tasks.one.outputs) }}').problems, ['one is not a fan-out task']);
    assert.ok(t('${{ zip(tasks.loop.outputs) }}', ctx()).problems.length > 0, 'without the DAG to ask');
    for (const s of ['zip(params.xs)', 'zip(tasks.loop.outputs.a)', 'zip(tasks.loop)']) {
      assert.ok(t(`\${{ toJSON(${s}) }}`).problems.some((p) => p.includes('is computed')), s);
      assert.ok('problem' in translateList(expr(s), agg), s);
    }
  });

  it('expr-lang for successCondition: the response, literals and the functions Argo has', () => {
    const x = (s: string) => toExprLang(expr(s));
    assert.equal(x("contains(response.body, 'a\"b') && response.status != 500").text, '(response.body contains "a\\"b") && (response.statusCode != 500)');
    assert.equal(x("response.headers.X-Id == null || endsWith(lower(response.body), 'ok')").text, '((response.headers["X-Id"][0] == nil) || (lower(response.body) endsWith "ok"))');
    assert.equal(x('response.status > 299 ? false : true').text, '((response.statusCode > 299) ? false : true)');
    for (const s of ["response.body == params.day", "contains(response.body, '{{x}}')", 'round(response.status) == 1', 'response.headers == null']) assert.ok(x(s).problems.length > 0, s);
  });
});
