/** Renders a policy report for people (the synth command's output). */
import type { PolicyFinding, PolicyReport } from './pack';

/** A one-line count of a report: `policy: vast-poc: 0 errors, 1 warning, 1 suppressed (23 rules)`. */
export function policySummary(report: PolicyReport): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `policy: ${report.stack}: ${n(report.errors.length, 'error')}, ${n(report.warnings.length, 'warning')}, ${report.suppressed.length} suppressed (${report.rules.length} rules)`;
}

/**
 * The whole report as text: the summary, then every error, warning, suppressed finding and unused suppression,
 * each with its rule id, resource path, Terraform address and fix (or reason).
 */
export function formatPolicyReport(report: PolicyReport): string {
  const lines = [policySummary(report)];
  const finding = (label: string, f: PolicyFinding) => {
    lines.push(`  ${label} ${f.ruleId} at ${f.path} (${f.address})`);
    lines.push(`    ${f.title}: ${f.detail}`);
    lines.push(`    fix: ${f.fix}`);
  };
  report.errors.forEach((f) => finding('ERROR', f));
  report.warnings.forEach((f) => finding('WARNING', f));
  for (const f of report.suppressed) {
    lines.push(`  SUPPRESSED ${f.ruleId} at ${f.path} (${f.address})`);
    lines.push(`    ${f.title}: ${f.detail}`);
    lines.push(`    reason: ${f.reason}`);
  }
  for (const s of report.unusedSuppressions) {
    lines.push(`  UNUSED SUPPRESSION ${s.rule} for "${s.path}" matched no finding (reason given: ${s.reason})`);
  }
  return `${lines.join('\n')}\n`;
}
