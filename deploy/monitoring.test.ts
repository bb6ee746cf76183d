// Checks the monitoring half of the compose deployment without a Docker engine: Prometheus's
// scrape targets are every ordermesh server of docker-compose.yml on its metrics port, the alert
// rules are the four the operators asked for (valid to promtool, and each shown firing and not
// firing by promtool's rule unit tests in deploy/prometheus/alerts.test.yml), and
// the Grafana dashboard is provisioned. That the metrics they name exist is checked against real
// processes by test/metrics.int.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { goToolPath, repoRoot } from '#lib/runtime/index.js';
import { monitoringExpressions } from './monitoring-expressions.js';

const ROOT = repoRoot();
const read = (path: string): unknown => parseYaml(readFileSync(join(ROOT, path), 'utf8'), { merge: true });

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, unknown>;
}

describe('deploy: Prometheus, alert rules and Grafana', () => {
  const compose = read('deploy/docker-compose.yml') as { services: Record<string, Service> };
  const servers = Object.entries(compose.services).filter(([, s]) => ['control-plane', 'warehouse', 'wms-sim'].includes(s.command?.[0] ?? ''));

  it('should scrape every ordermesh server on the metrics port it is given', () => {
    const prometheus = read('deploy/prometheus/prometheus.yml') as { scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> };
    const targets = prometheus.scrape_configs.flatMap((j) => j.static_configs.flatMap((c) => c.targets)).sort();
    const expected = servers.map(([name, s]) => {
      const port = s.environment?.ORDERMESH_METRICS_PORT;
      assert.ok(port, `${name} serves no metrics (ORDERMESH_METRICS_PORT)`);
      return `${name}:${port}`;
    });
    assert.equal(servers.length, 6, 'two control planes, three nodes, wms-sim');
    assert.deepEqual(targets, expected.sort());
  });

  it('should mount the Prometheus and Grafana configuration the files here provide', () => {
    const mounts = (name: string): string[] => (compose.services[name]?.volumes ?? []).map((v) => v.split(':')[0] ?? '');
    assert.deepEqual(mounts('prometheus').filter((m) => m.startsWith('./')).sort(), ['./prometheus/alerts.yml', './prometheus/prometheus.yml']);
    assert.deepEqual(mounts('grafana').sort(), ['./grafana', './grafana/provisioning']);
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/ordermesh.json'), 'utf8')) as { uid: string; panels: Array<{ datasource: { uid: string } }> };
    const datasources = read('deploy/grafana/provisioning/datasources/prometheus.yml') as { datasources: Array<{ uid: string; url: string }> };
    assert.equal(datasources.datasources[0]?.url, 'http://prometheus:9090');
    for (const panel of dashboard.panels) assert.equal(panel.datasource.uid, datasources.datasources[0]?.uid, 'every panel reads the provisioned Prometheus');
  });

  it('should alert on a node down, an outbox over a minute old, errors over 1% and no leader', () => {
    const rules = read('deploy/prometheus/alerts.yml') as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
    const byName = new Map(rules.groups.flatMap((g) => g.rules).map((r) => [r.alert, r.expr]));
    assert.deepEqual([...byName.keys()].sort(), ['OrdermeshErrorRatio', 'OrdermeshNoLeader', 'OrdermeshNodeDown', 'OrdermeshOutboxStuck']);
    assert.match(byName.get('OrdermeshOutboxStuck') ?? '', /ordermesh_outbox_oldest_due_age_seconds\)? > 60/);
    assert.match(byName.get('OrdermeshErrorRatio') ?? '', /> 0\.01/);
    assert.match(byName.get('OrdermeshNoLeader') ?? '', /ordermesh_controller_leader/);
    assert.match(byName.get('OrdermeshNodeDown') ?? '', /up\{job="ordermesh-warehouse"\} == 0/);
    assert.ok(monitoringExpressions().length > 4, 'the dashboard has queries');
  });

  // promtool comes from scripts/promtool.mjs (npm test's bootstrap), or PATH. Missing, these
  // checks skip with one line, except under CI=true, where that is a failure.
  const promtool = goToolPath('promtool') ?? (spawnSync('promtool', ['--version']).error ? undefined : 'promtool');
  const runPromtool = (t: TestContext, args: string[]): void => {
    if (!promtool) {
      assert.notEqual(process.env.CI, 'true', 'promtool is missing under CI: `node scripts/promtool.mjs` installs it');
      t.skip('promtool is not installed (`node scripts/promtool.mjs`, or Debian: apt-get install prometheus)');
      return;
    }
    const result = spawnSync(promtool, args, { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, `promtool ${args.join(' ')}:\n${result.stdout}${result.stderr}`);
  };

  it('should pass promtool check rules', (t) => runPromtool(t, ['check', 'rules', 'deploy/prometheus/alerts.yml']));

  it("should pass promtool's check of the Prometheus config's syntax", (t) => runPromtool(t, ['check', 'config', '--syntax-only', 'deploy/prometheus/prometheus.yml']));

  it('should fire each alert on the series that should trip it and stay silent on healthy ones (promtool test rules)', (t) =>
    runPromtool(t, ['test', 'rules', 'deploy/prometheus/alerts.test.yml']));
});
