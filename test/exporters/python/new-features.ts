/**
 * Pipelines using the newer format features on every Python target, shared by the Airflow,
 * Prefect, Dagster and Luigi tests, which export them, check their structure and run them under
 * the targets' stand-ins: value outputs read from files (`path`) and output defaults, exit codes
 * (`tasks.<id>.exitCode`), `run.duration`, http `expect.condition`, approvals (`wait: approval`) and
 * services (`service:`), which some targets cannot run and must fail loudly when reached, and a
 * sub-pipeline's outputs (top-level `outputs`, read through its pipeline task).
 */
import assert from 'node:assert/strict';

/**
 * `measure` writes its values to files (one missing, so its default) and reports one through
 * WEFT_OUTPUTS; `flaky` fails with exit code 7 (allowed: its output is its default); `after` writes
 * what it read to seen.txt.
 */
export const OUTPUTS_PIPELINE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: outs}
tasks:
  measure:
    type: shell
    run: |
      mkdir -p out && printf 'hello\\n' > out/word.txt && echo 42 > out/n.txt
      echo '{"a": [1, 2]}' > out/obj.json && echo "extra=x" >> "$WEFT_OUTPUTS"
    outputs:
      word: {type: string, path: out/word.txt}
      n: {type: integer, path: out/n.txt}
      obj: {type: object, path: out/obj.json}
      extra: {type: string}
      missing: {type: string, path: out/none.txt, default: fallback}
      unreported: {type: number, default: 1.5}
  flaky:
    type: shell
    run: exit 7
    allowFailure: true
    outputs:
      note: {type: string, default: none}
  after:
    type: shell
    needs: [flaky]
    run: 'echo "$WORD|$N|$A|$MISSING|$UNREP|$CODE|$EXTRA|$NOTE|$OK" > seen.txt'
    env:
      WORD: \${{ tasks.measure.outputs.word }}
      N: \${{ tasks.measure.outputs.n + 1 }}
      A: \${{ tasks.measure.outputs.obj.a[1] }}
      MISSING: \${{ tasks.measure.outputs.missing }}
      UNREP: \${{ tasks.measure.outputs.unreported }}
      CODE: \${{ tasks.flaky.exitCode }}
      EXTRA: \${{ tasks.measure.outputs.extra }}
      NOTE: \${{ tasks.flaky.outputs.note }}
      OK: \${{ tasks.measure.exitCode }}
`;

/** What seen.txt holds after a run of OUTPUTS_PIPELINE. */
export const OUTPUTS_SEEN = 'hello|43|2|fallback|1.5|7|x|none|0\n';

/** `run.duration` in a check and in a value handed to a command (written to duration.txt). */
export const DURATION_PIPELINE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: dur}
tasks:
  timing:
    type: check
    assert: ["\${{ run.duration >= 0 && run.duration < 600 }}"]
  note:
    type: shell
    needs: [timing]
    run: 'echo "$D" > duration.txt'
    env: {D: "\${{ run.duration }}"}
`;

/**
 * http tasks judged by \`expect.condition\` against TEST_SERVER (its URL in WEFT_TEST_URL): a 2xx
 * with body and a header (any case), a 404 accepted by status and condition, a 404 accepted by the
 * condition alone, and a condition that does not hold (allowed to fail, so the run goes on).
 */
export const HTTP_PIPELINE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: web}
tasks:
  ok:
    type: http
    url: "\${{ env.WEFT_TEST_URL }}/ok"
    expect:
      condition: "\${{ response.status == 200 && contains(response.body, 'ready') && response.headers['x-WEFT'] == 'yes' }}"
  gone:
    type: http
    url: "\${{ env.WEFT_TEST_URL }}/missing"
    expect: {status: [404], condition: "\${{ response.body == 'nope' }}"}
  gone-too:
    type: http
    url: "\${{ env.WEFT_TEST_URL }}/missing"
    expect: {condition: "\${{ response.status == 404 }}"}
  wrong:
    type: http
    url: "\${{ env.WEFT_TEST_URL }}/ok"
    allowFailure: true
    expect: {condition: "\${{ response.body == 'other' }}"}
`;

/**
 * Python run first in the process that runs an export of HTTP_PIPELINE: a local server on a free
 * port (/ok: 200 "ready" with X-Weft: yes; anything else: 404 "nope"), its URL in WEFT_TEST_URL.
 */
export const TEST_SERVER = `
import http.server as _hs, os as _os, threading as _th
class _Handler(_hs.BaseHTTPRequestHandler):
    def do_GET(self):
        found = self.path == "/ok"
        body = b"ready" if found else b"nope"
        self.send_response(200 if found else 404)
        self.send_header("X-Weft", "yes")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
_server = _hs.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
_th.Thread(target=_server.serve_forever, daemon=True).start()
_os.environ["WEFT_TEST_URL"] = "http://127.0.0.1:%d" % _server.server_address[1]
`;

/** The condition of \`wrong\`, as the failure message quotes it. */
export const HTTP_WRONG = "the condition does not hold: response.body == 'other'";

/**
 * An approval whose answers a later task writes to answer.txt (tier keeps its default, count is
 * supplied), with a message that uses a param.
 */
export const APPROVAL_PIPELINE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: gate}
params:
  version: {type: string, default: "1.2"}
tasks:
  gate:
    type: wait
    timeout: 1h
    approval: {message: "Ship \${{ params.version }}? {{ not jinja }}"}
    outputs:
      tier: {type: string, enum: [small, large], default: small, description: Which tier}
      count: {type: integer, description: How many}
  use:
    type: shell
    run: 'echo "$TIER $COUNT" > answer.txt'
    env: {TIER: "\${{ tasks.gate.outputs.tier }}", COUNT: "\${{ tasks.gate.outputs.count }}"}
`;

/** A service and a task reading its address (after it, however it ended): neither can run on the Python targets. */
export const SERVICE_PIPELINE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: svc}
tasks:
  db:
    type: shell
    run: touch started.txt && sleep 1000
    service: {port: 5432}
  client:
    type: shell
    trigger: all_done
    run: echo "$A" > address.txt
    env: {A: "\${{ tasks.db.address }}"}
`;

/**
 * Pipeline outputs: `evaluate` calls the sub-pipeline SUB_OUTPUTS_CHILD (at `sub/score.weft.yaml`,
 * read through SUB_OUTPUTS_READ) and declares the outputs it reads; `sweep` calls it per item
 * (lists); `use` writes what it read to used.txt; the caller reports `best` itself. Dagster carries
 * them; Airflow, Prefect and Luigi cannot, so `use` must fail there.
 */
export const SUB_OUTPUTS_PIPELINE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: caller}
outputs:
  best: {type: number, value: "\${{ tasks.evaluate.outputs.accuracy }}"}
tasks:
  evaluate:
    type: pipeline
    pipeline: sub/score.weft.yaml
    with: {model: m1}
    outputs:
      accuracy: {type: number}
      report: {type: file}
  use:
    type: shell
    run: 'echo "$ACC $(cat "$REPORT")" > used.txt'
    env: {ACC: "\${{ tasks.evaluate.outputs.accuracy }}", REPORT: "\${{ tasks.evaluate.outputs.report }}"}
`;

/** SUB_OUTPUTS_PIPELINE with a fan-out call (`sweep`, a list per output) and an output the sub-pipeline lacks. */
export const SUB_OUTPUTS_FANOUT = `${SUB_OUTPUTS_PIPELINE}  sweep:
    type: pipeline
    pipeline: sub/score.weft.yaml
    foreach: {items: [m2, m3]}
    with: {model: "\${{ item }}"}
    outputs:
      accuracy: {type: number}
      nothing: {type: string}
  collect:
    type: shell
    run: 'echo "$ALL" > all.txt'
    env: {ALL: "\${{ tasks.sweep.outputs.accuracy }}"}
  lost:
    type: shell
    run: 'echo "$N" > lost.txt'
    env: {N: "\${{ tasks.sweep.outputs.nothing }}"}
`;

export const SUB_OUTPUTS_CHILD = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: score}
params:
  model: {type: string}
outputs:
  accuracy: {type: number, value: "\${{ tasks.score.outputs.accuracy }}"}
  report: {type: file, value: "\${{ tasks.score.outputs.report }}"}
tasks:
  score:
    type: shell
    run: 'echo "accuracy=0.\${MODEL#m}" >> "$WEFT_OUTPUTS"; echo "model $MODEL" > report.txt'
    env: {MODEL: "\${{ params.model }}"}
    outputs:
      accuracy: {type: number}
      report: {type: file, path: report.txt}
`;

/** The sub-pipeline file of SUB_OUTPUTS_PIPELINE for the exporters' readFile. */
export const SUB_OUTPUTS_READ = (rel: string): string | undefined => (rel === 'sub/score.weft.yaml' ? SUB_OUTPUTS_CHILD : undefined);

/**
 * On a target whose sub-pipeline hands nothing back (Airflow, Prefect, Luigi): the capability row
 * warns, and the read of `tasks.evaluate.outputs.accuracy` became a call that fails with the reason.
 */
export function assertSubOutputsUnsupported(warnings: { feature: string; task?: string; message: string }[], code: string, target: string): void {
  assert.ok(warnings.some((w) => w.feature === 'outputs.pipeline' && w.task === 'evaluate' && w.message.includes(`not expressible on ${target}`)), JSON.stringify(warnings));
  assert.ok(code.includes(`_weft_unsupported("tasks.evaluate.outputs.accuracy: the ${target} export starts the sub-pipeline of task evaluate as a separate run that hands no values back (export to Argo, Kubeflow or Dagster to read it)")`));
}
