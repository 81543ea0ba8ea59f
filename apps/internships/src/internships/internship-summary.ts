/** The certificate-like record of a completed internship: ids and organisation names, never the learner's name. */
export interface InternshipSummary {
  internshipId: string;
  learnerId: string;
  school: { id: string; name: string | null };
  enterprise: { id: string; name: string | null };
  placement: { id: string; title: string; specialty: string; location: string; competencies: string[] };
  period: { plannedStart: string; plannedEnd: string; startedOn: string | null; completedOn: string | null };
  hours: number | null;
  enterpriseEvaluation: { scores: Record<string, number>; averageScore: number; comment: string | null; evaluatedAt: string } | null;
  schoolAssessment: { grade: number; comment: string | null; assessedAt: string } | null;
  issuedAt: string;
}

export function averageOf(scores: Record<string, number>): number {
  const values = Object.values(scores);
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

/**
 * A printable, self-contained HTML page (no scripts, no external assets): the school prints it or saves
 * it as PDF from the browser. Every value is escaped, since titles and comments are free text.
 */
export function renderSummaryHtml(s: InternshipSummary): string {
  const org = (o: { id: string; name: string | null }) => (o.name ? esc(o.name) : `<code>${esc(o.id)}</code>`);
  const ev = s.enterpriseEvaluation;
  const scores = ev
    ? Object.entries(ev.scores)
        .map(([c, v]) => `<tr><td>${esc(c)}</td><td class="n">${esc(v)} / 5</td></tr>`)
        .join('')
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Internship summary ${esc(s.internshipId)}</title>
<style>body{font-family:serif;max-width:44em;margin:2em auto;color:#222}h1{text-align:center}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em .6em;text-align:left}.n{text-align:right}dt{font-weight:bold}footer{margin-top:2em;font-size:.8em;color:#666}</style>
</head><body>
<h1>Internship summary</h1>
<dl>
<dt>Learner</dt><dd><code>${esc(s.learnerId)}</code></dd>
<dt>School</dt><dd>${org(s.school)}</dd>
<dt>Enterprise</dt><dd>${org(s.enterprise)}</dd>
<dt>Placement</dt><dd>${esc(s.placement.title)} — ${esc(s.placement.specialty)}, ${esc(s.placement.location)}</dd>
<dt>Period</dt><dd>${esc(s.period.startedOn ?? s.period.plannedStart)} – ${esc(s.period.completedOn ?? s.period.plannedEnd)}</dd>
<dt>Hours</dt><dd>${s.hours === null ? '—' : esc(s.hours)}</dd>
</dl>
<h2>Evaluation by the enterprise</h2>
${ev ? `<table><tr><th>Competency</th><th class="n">Score</th></tr>${scores}<tr><th>Average</th><th class="n">${esc(ev.averageScore)} / 5</th></tr></table>${ev.comment ? `<p>${esc(ev.comment)}</p>` : ''}` : '<p>Not evaluated.</p>'}
<h2>Assessment by the school</h2>
${s.schoolAssessment ? `<p>Grade: ${esc(s.schoolAssessment.grade)} / 5</p>${s.schoolAssessment.comment ? `<p>${esc(s.schoolAssessment.comment)}</p>` : ''}` : '<p>Not assessed.</p>'}
<footer>Internship ${esc(s.internshipId)} · issued ${esc(s.issuedAt)} by hamkor</footer>
</body></html>
`;
}
