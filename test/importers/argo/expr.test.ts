import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImportError } from '../../../importers/types';
import { argoCondition, argoText, escapeWeft, parseDepends, refPath, resultClass, type RefResolver, type RefType } from '../../../importers/argo/expr';
import { translateExprTag } from '../../../importers/argo/exprlang';

/** A resolver over a fixed table: params (with types), task outputs, item. */
function resolver(params: Record<string, RefType> = {}): RefResolver & { uses: string[] } {
  const uses: string[] = [];
  return {
    uses,
    ref(body, use) {
      uses.push(`${body}:${use}`);
      let m = /^workflow\.parameters\.(.+)$/.exec(body);
      if (m && params[m[1]!]) return { expr: refPath('params', m[1]!), type: params[m[1]!]! };
      m = /^(?:tasks|steps)\.([^.]+)\.outputs\.(?:parameters\.)?(.+)$/.exec(body);
      if (m) return { expr: refPath('tasks', m[1]!, 'outputs', m[2]!), type: use === 'number' ? 'number' : 'string' };
      if (body === 'item') return { expr: 'item', type: 'unknown' };
      if (body.startsWith('item.')) return { expr: refPath('item', ...body.split('.').slice(1)), type: 'unknown' };
      throw new ImportError(`{{${body}}}`);
    },
  };
}

describe('argo import: text and references', () => {
  it('translates tags to ${{ }} references, keeping literal text', () => {
    const r = resolver({ message: 'string', 'my-param': 'string' });
    assert.equal(argoText('echo {{workflow.parameters.message}}!', r), 'echo ${{ params.message }}!');
    assert.equal(argoText('{{ workflow.parameters.my-param }}', r), '${{ params.my-param }}');
    assert.equal(argoText('{{steps.gen.outputs.result}}/{{item.name}}', r), '${{ tasks.gen.outputs.result }}/${{ item.name }}');
    assert.equal(argoText('{{tasks.step-1.outputs.parameters.out}}', r), "${{ tasks['step-1'].outputs.out }}");
  });

  it('leaves {{…}} Argo does not substitute (Go templates, Jinja) as text', () => {
    assert.equal(argoText('{{ .Values.x }} and {{foo}}', resolver()), '{{ .Values.x }} and {{foo}}');
  });

  it('escapes a literal ${{ so Weft does not read it as an expression', () => {
    assert.equal(escapeWeft('cost: ${{x}}'), "cost: ${{ '${{' }}x}}");
    assert.equal(argoText('a ${{ b', resolver()), "a ${{ '${{' }} b");
  });

  it('refuses unknown roots with the feature named; hands expression tags to the resolver', () => {
    assert.throws(() => argoText('{{workflow.uid}}', resolver()), ImportError);
    const r = resolver();
    assert.throws(() => argoText('{{=item + 1}}', r), ImportError);
    assert.deepEqual(r.uses, ['=item + 1:text']);
  });

  it('refPath uses brackets for names a dot cannot carry', () => {
    assert.equal(refPath('tasks', 'load-data', 'outputs', 'rows'), 'tasks.load-data.outputs.rows');
    assert.equal(refPath('tasks', 'a-1'), "tasks['a-1']");
    assert.equal(refPath('params', "it's"), "params['it\\'s']");
  });
});

describe('argo import: when → if', () => {
  it('bare words are strings, as Argo compares them', () => {
    const r = resolver();
    assert.equal(argoCondition('{{steps.flip-coin.outputs.result}} == heads', r), "tasks.flip-coin.outputs.result == 'heads'");
    assert.equal(argoCondition("'{{item.evenness}}' == 'even'", r), "string(item.evenness) == 'even'");
  });

  it('a reference compared with a number is read as a number', () => {
    const r = resolver();
    assert.equal(argoCondition('{{tasks.count.outputs.result}} > 5', r), 'tasks.count.outputs.result > 5');
    assert.ok(r.uses.includes('tasks.count.outputs.result:number'));
  });

  it('typed params: numbers, booleans, and strings compared as text', () => {
    const r = resolver({ n: 'integer', flag: 'boolean', s: 'string' });
    assert.equal(argoCondition('{{workflow.parameters.n}} >= 3 && {{workflow.parameters.flag}}', r), 'params.n >= 3 && params.flag');
    assert.equal(argoCondition('{{workflow.parameters.s}}', r), "params.s == 'true'");
    assert.equal(argoCondition('{{workflow.parameters.n}} == abc', r), "string(params.n) == 'abc'");
    assert.equal(argoCondition('!({{workflow.parameters.flag}} == true) || {{workflow.parameters.s}} != "x y"', r), "!((params.flag == true)) || params.s != 'x y'");
  });

  it('constants fold to booleans', () => {
    assert.equal(argoCondition('false', resolver()), 'false');
    assert.equal(argoCondition('true', resolver()), 'true');
  });

  it('refuses what has another meaning in Weft', () => {
    for (const w of ['{{workflow.parameters.s}} =~ "^a"', '{{tasks.a.outputs.result}} + 1 > 2', '{{tasks.a.outputs.result}} * 2 > 2']) {
      assert.throws(() => argoCondition(w, resolver({ s: 'string' })), (e: unknown) => e instanceof ImportError && e.message.includes(e.feature), w);
    }
  });
});

describe('argo import: depends', () => {
  const classes = (s: string) => {
    const d = parseDepends(s);
    return `${d.join} ${d.terms.map((t) => `${t.task}:${resultClass(t.results)}`).join(',')}`;
  };
  it('names, results and per-task alternatives', () => {
    assert.equal(classes('A && B'), '&& A:bare,B:bare');
    assert.equal(classes('A.Succeeded && B.Succeeded'), '&& A:success,B:success');
    assert.equal(classes('(A.Succeeded || A.Failed) && B.Succeeded'), '&& A:done,B:success');
    assert.equal(classes('A.Succeeded || A.Skipped'), '&& A:notfailed');
    assert.equal(classes('A.Failed || B.Failed'), '|| A:failed,B:failed');
    assert.equal(classes('(A.Failed || A.Errored)'), '&& A:failed');
  });
  it('refuses negation, loops results and mixed joins', () => {
    for (const s of ['!A', 'A.AnySucceeded', '(A && B) || C', 'A && B || C', '(A.Succeeded || B.Failed) && C', 'A && A.Failed']) {
      assert.throws(() => parseDepends(s), (e: unknown) => e instanceof ImportError && e.feature === 'depends expression', s);
    }
  });
});

describe('argo import: expression tags ({{= }}) → ${{ }}', () => {
  const scope = {
    ref: (b: string) => (b === 'item' ? 'item' : b.startsWith('workflow.parameters.') ? refPath('params', b.slice(20)) : b.startsWith('tasks.') ? refPath('tasks', ...b.split('.').slice(1).filter((x) => x !== 'parameters')) : (() => { throw new ImportError(`{{${b}}}`); })()),
    input: (n: string) => (n === 'foo' ? '(item)' : n === 'week-temps' ? "'{}'" : undefined),
  };
  it('translates the part of expr-lang Weft has', () => {
    assert.equal(translateExprTag('asInt(inputs.parameters.foo) * 10', scope), '(int(string((item))) * 10)');
    assert.equal(translateExprTag("workflow.parameters.mode == 'fast' ? 1 : 2", scope), "((string(params.mode) == 'fast') ? 1 : 2)");
    assert.equal(translateExprTag('not (item > 2) and len(workflow.parameters.xs) >= 1', scope), '(!(item > 2) && (len(string(params.xs)) >= 1))');
    assert.equal(translateExprTag("sprig.upper(tasks.gen.outputs.result) + '-x'", scope), "(upper(string(tasks.gen.outputs.result)) + '-x')");
    assert.equal(translateExprTag("jsonpath(inputs.parameters['week-temps'], '$.avg.value[0]')", scope), "fromJSON(string('{}')).avg.value[0]");
    assert.equal(translateExprTag("toJson(workflow.parameters['my list'])", scope), "toJSON(string(params['my list']))");
  });
  it('refuses the rest by name', () => {
    for (const src of ['filter([1, 3], {# > 1})', "sprig.date('2006', workflow.creationTimestamp)", "jsonpath(workflow.parameters.c, '$.a[?(@.b==1)]')", 'item in [1, 2]', "item matches 'a.*'", 'inputs.parameters.nope']) {
      assert.throws(() => translateExprTag(src, scope), (e: unknown) => e instanceof ImportError && e.feature === 'expression tags', src);
    }
  });
});
