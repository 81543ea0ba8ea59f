import { averageOf, InternshipSummary, renderSummaryHtml } from './internship-summary';

describe('internship summary', () => {
  const summary: InternshipSummary = {
    internshipId: '6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a9b',
    learnerId: '9b2e4c6a-1d3f-4a5b-8c7d-6e5f4a3b2c1d',
    school: { id: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e', name: 'College <No. 3>' },
    enterprise: { id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', name: null },
    placement: { id: '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d', title: 'CNC & milling', specialty: 'mechatronics', location: 'Workshop 2', competencies: ['cnc-setup'] },
    period: { plannedStart: '2027-02-01', plannedEnd: '2027-05-31', startedOn: '2027-02-01', completedOn: '2027-05-31' },
    hours: 320,
    enterpriseEvaluation: { scores: { 'cnc-setup': 4 }, averageScore: 4, comment: '<script>alert(1)</script>', evaluatedAt: '2027-05-30T10:00:00.000Z' },
    schoolAssessment: null,
    issuedAt: '2027-06-01T10:00:00.000Z',
  };

  it('averages scores to two decimals', () => {
    expect(averageOf({ a: 4, b: 5, c: 4 })).toBe(4.33);
  });

  it('renders every part, escaping free text, with an id where a name is unknown', () => {
    const html = renderSummaryHtml(summary);
    expect(html).toContain('College &lt;No. 3&gt;');
    expect(html).toContain('CNC &amp; milling');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain(`<code>${summary.enterprise.id}</code>`);
    expect(html).toContain('320');
    expect(html).toContain('Not assessed.');
  });
});
