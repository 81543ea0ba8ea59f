import { AgreementExpiring, GraduateReferredToCentre } from '@hamkor/contracts';
import { render } from './templates';
import { ROUTING_TABLE } from './routing-table';

describe('templates', () => {
  it('render in the recipient language', () => {
    const d = AgreementExpiring.example;
    expect(render(AgreementExpiring.type, d, 'ru')).toMatchObject({ language: 'ru', subject: 'Соглашение истекает через 30 дн.' });
    expect(render(AgreementExpiring.type, d, 'uz').subject).toContain('Kelishuv');
    expect(render(AgreementExpiring.type, d, 'en').text).toContain(d.agreementId);
  });

  it('fall back to English for a language a template lacks, and to a generic text for an unknown type', () => {
    expect(render(GraduateReferredToCentre.type, GraduateReferredToCentre.example, 'uz').language).toBe('en');
    expect(render('x.y.z', {}, 'ru')).toMatchObject({ language: 'ru', subject: 'hamkor: новое уведомление' });
  });

  it('exist for every routed event type with people, in all three languages, and render each example', () => {
    for (const r of ROUTING_TABLE.filter((x) => x.people)) {
      for (const lang of ['uz', 'ru', 'en'] as const) {
        const out = render(r.contract.type, r.contract.example, lang);
        expect(out.language).toBe(lang);
        expect(out.subject).not.toContain('undefined');
        expect(out.text).not.toContain('undefined');
      }
    }
  });
});
