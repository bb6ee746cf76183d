import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '#lib/runtime/index.js';

/** Every PromQL expression of the alert rules and the Grafana dashboard, with where it is. */
export function monitoringExpressions(): Array<{ where: string; expr: string }> {
  const root = repoRoot();
  const rules = parseYaml(readFileSync(join(root, 'deploy/prometheus/alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/ordermesh.json'), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
  return [
    ...rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }))),
    ...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: `panel '${p.title}'`, expr: t.expr }))),
  ];
}

/** The metric names an expression reads (ordermesh_*, process_*; `up` is Prometheus's own). */
export function metricNamesIn(expr: string): string[] {
  return [...new Set(expr.match(/\b(?:ordermesh|process)_[a-z0-9_]+\b/g) ?? [])];
}
