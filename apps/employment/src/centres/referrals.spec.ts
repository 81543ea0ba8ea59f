import { contactForCentre } from './referrals';

describe('contact for an employment centre', () => {
  const base = { email: 'a@example.uz', phone: '+998901234567', erasedAt: null };
  it('is shared only with consent, never after erasure, and never as empty fields', () => {
    expect(contactForCentre({ ...base, consentCentre: false })).toBeUndefined();
    expect(contactForCentre({ ...base, consentCentre: true })).toEqual({ email: 'a@example.uz', phone: '+998901234567' });
    expect(contactForCentre({ ...base, consentCentre: true, erasedAt: new Date() })).toBeUndefined();
    expect(contactForCentre({ email: null, phone: '+998901234567', erasedAt: null, consentCentre: true })).toEqual({ phone: '+998901234567' });
    expect(contactForCentre({ email: null, phone: null, erasedAt: null, consentCentre: true })).toBeUndefined();
  });
});
