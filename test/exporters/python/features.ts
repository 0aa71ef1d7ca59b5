/**
 * One pipeline using the newer format features on every Python target — task `inputs` (from an
 * upstream file, inline content with an expression, an optional input whose producer failed),
 * `allowFailure`, the run `timeout` and `platform` settings for each target — shared by the
 * Airflow, Prefect, Dagster and Luigi tests, which export it, check its structure and run it.
 * It runs anywhere with bash and python3: `consume` writes what it was given to sub/seen.txt.
 */
export const FEATURES_PIPELINE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: feat}
timeout: 2h
platform:
  airflow: {dag: {max_consecutive_failed_dag_runs: 3}, task: {pool: etl}}
  prefect: {flow: {log_prints: true}, task: {persist_result: false}}
  dagster: {job: {tags: {team: data}}, op: {pool: etl}}
  luigi: {task: {priority: 5}}
params:
  who: {type: string, default: world}
tasks:
  generate:
    type: shell
    run: mkdir -p out && echo hello > out/greeting.txt
    outputs: {greeting: {type: file, path: out/greeting.txt}}
  flaky:
    type: shell
    run: echo broken >&2; exit 3
    allowFailure: true
    outputs: {report: {type: file, path: out/report.txt}}
  consume:
    type: shell
    workdir: sub
    needs: [flaky]
    run: cat in/greeting.txt in/words.txt > seen.txt; test -e in/report.txt || echo no-report >> seen.txt
    inputs:
      greeting: {path: in/greeting.txt, from: "\${{ tasks.generate.outputs.greeting }}"}
      words: {path: in/words.txt, content: "hi \${{ params.who }}\\n", mode: 416}
      report: {path: in/report.txt, from: "\${{ tasks.flaky.outputs.report }}", optional: true}
    platform:
      airflow: {task: {queue: io}}
      prefect: {task: {retries: 1}}
      dagster: {op: {description: staged}}
      luigi: {task: {retry_count: 2}}
`;

/** What sub/seen.txt holds after a run: the staged files, and no report (its producer failed). */
export const FEATURES_SEEN = 'hello\nhi world\nno-report\n';
