/**
 * Pipelines using the newer format features on every Python target, shared by the Airflow,
 * Prefect, Dagster and Luigi tests, which export them, check their structure and run them under
 * the targets' stand-ins: value outputs read from files (`path`) and output defaults, exit codes
 * (`tasks.<id>.exitCode`), `run.duration`, http `expect.condition`, approvals (`wait: approval`) and
 * services (`service:`), which some targets cannot run and must fail loudly when reached.
 */

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
