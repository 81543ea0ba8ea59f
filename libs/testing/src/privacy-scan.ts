import { TappedMessage } from './topic-tap';

/** What a school entered about one learner: the personal data that must stay in the employment service. */
export interface LearnerPersonalData {
  learnerId: string;
  fullName: string;
  dateOfBirth: string;
  email?: string;
  phone?: string;
  /** The learner agreed that an employment centre may receive their contact details. */
  consentShareWithCentre?: boolean;
  /** The learner agreed to be contacted for follow-ups (their e-mail goes to notifications for that). */
  consentFollowUp?: boolean;
}

export interface PrivacyFinding {
  topic: string;
  partition: number;
  offset: string;
  eventType: string;
  problem: string;
}

/** The one event allowed to carry a learner's contact to an employment centre, and only with the learner's consent. */
export const CENTRE_REFERRAL_EVENT = 'employment.centre_referral.referred';
/**
 * The events allowed to carry a learner's contact (in their `contact` field only), each with the
 * consent that allows it: to an employment centre, and to notifications for asking the graduate.
 */
const CONTACT_EVENTS: Record<string, 'consentShareWithCentre' | 'consentFollowUp'> = {
  [CENTRE_REFERRAL_EVENT]: 'consentShareWithCentre',
  'employment.graduate_contact.self_report_requested': 'consentFollowUp',
};
/** Staff (not learners) are published with their work e-mail, which notifications sends to. */
const STAFF_EVENTS = /^partnerships\.person\./;
const PERSONAL_KEYS = new Set(['fullname', 'firstname', 'lastname', 'surname', 'dateofbirth', 'birthdate', 'dob', 'phone', 'phonenumber', 'email', 'contact', 'nationalid', 'passport', 'pinfl']);

/**
 * The privacy rule of the platform checked over Kafka messages: no learner's name, date of birth, e-mail
 * or phone anywhere in a message (key, headers or value), except the contact of a learner who consented,
 * inside a centre referral or a self-report request about that learner (CONTACT_EVENTS); and, in every message that concerns the given ids, no
 * personal field at all (a staff member's work e-mail in partnerships.person events excepted).
 */
export function privacyScan(messages: TappedMessage[], learners: LearnerPersonalData[], ownIds: string[] = []): PrivacyFinding[] {
  const findings: PrivacyFinding[] = [];
  const byId = new Map(learners.map((l) => [l.learnerId, l]));
  const ids = ownIds.map((id) => id.toLowerCase());
  for (const m of messages) {
    const type = m.envelope?.type ?? '(not an envelope)';
    const report = (problem: string) => findings.push({ topic: m.topic, partition: m.partition, offset: m.offset, eventType: type, problem });
    const consent = CONTACT_EVENTS[type];
    const subject = consent ? byId.get(String(m.envelope?.data?.learnerId)) : undefined;
    // A consented contact is allowed in the event's `contact` only: look for personal data in the rest.
    const contactAllowed = !!(consent && subject?.[consent]);
    const visible = contactAllowed ? withoutContact(m) : m.value;
    const text = normalise(`${m.key}\n${Object.values(m.headers).join('\n')}\n${visible}`);
    const digits = text.replace(/\D/g, '');
    for (const l of learners) {
      for (const [what, value] of personalValues(l)) {
        const needle = normalise(value);
        const hit = what === 'phone' ? digits.includes(value.replace(/\D/g, '')) : text.includes(needle);
        if (hit) report(`learner ${l.learnerId}'s ${what} appears`);
      }
    }
    if (m.envelope && ids.some((id) => m.value.toLowerCase().includes(id))) {
      for (const path of personalKeys(m.envelope.data)) {
        const key = path.split('.').pop()!.toLowerCase();
        if (key === 'email' && STAFF_EVENTS.test(type)) continue;
        if (path.startsWith('contact') && contactAllowed) continue;
        report(`personal field "${path}" in the event data`);
      }
    }
    if (consent && m.envelope?.data?.contact && !contactAllowed && byId.has(String(m.envelope.data.learnerId))) {
      report(`a contact of a learner who did not consent to it (${consent})`);
    }
  }
  return findings;
}

/** Every form in which a learner's personal data is looked for (also by the log scan, log-privacy-scan.ts). */
export function personalValues(l: LearnerPersonalData): Array<[string, string]> {
  const [y, mo, d] = l.dateOfBirth.split('-');
  const out: Array<[string, string]> = [
    ['name', l.fullName],
    ['date of birth', l.dateOfBirth],
    ['date of birth', `${d}.${mo}.${y}`],
    ['date of birth', `${d}/${mo}/${y}`],
  ];
  // Each part of the name on its own too (a surname alone identifies), when it is distinctive enough.
  for (const part of l.fullName.split(/\s+/)) if (part.length >= 6) out.push(['name', part]);
  if (l.email) out.push(['e-mail', l.email]);
  if (l.phone) out.push(['phone', l.phone]);
  return out;
}

function withoutContact(m: TappedMessage): string {
  const { contact: _contact, ...data } = m.envelope!.data as Record<string, unknown>;
  return JSON.stringify({ ...m.envelope, data });
}

export function normalise(s: string): string {
  return s.normalize('NFC').toLowerCase();
}

function personalKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => personalKeys(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    return [...(PERSONAL_KEYS.has(k.toLowerCase()) ? [p] : []), ...personalKeys(v, p)];
  });
}
