import {
  AgreementExpiring, BookingApproved, BookingCancelled, BookingRejected, BookingReminderDue, BookingRequested, EventContract, EventData, FollowUpDue,
  FollowUpOverdue, GraduateReferredToCentre, InternshipCancelled, InternshipCompleted, InternshipConfirmed, InternshipWithdrawn, NominationAccepted,
  NominationRejected, NominationSubmitted, PlacementPosted, SelfReportRequested,
} from '@hamkor/contracts';
import { Language } from '../directory/directory-person.entity';

export interface Rendered {
  subject: string;
  text: string;
  language: Language;
}

type Render<C extends EventContract> = (d: EventData<C>) => { subject: string; text: string };
type Templates<C extends EventContract> = Partial<Record<Language, Render<C>>> & { en: Render<C> };

/** English is every template's fallback; a language a template lacks falls back to it. */
const FALLBACK_LANGUAGE: Language = 'en';

function templates<C extends EventContract>(_contract: C, t: Templates<C>): Templates<EventContract> {
  return t as unknown as Templates<EventContract>;
}

/**
 * Message texts per event type and language. Events carry ids and non-identifying attributes only, so
 * messages name agreements, follow-ups and internships by id and point to the platform for details.
 */
const TEMPLATES: Record<string, Templates<EventContract>> = {
  [AgreementExpiring.type]: templates(AgreementExpiring, {
    uz: (d) => ({ subject: `Kelishuv ${d.daysLeft} kundan keyin tugaydi`, text: `Kelishuv ${d.agreementId} ${d.endsOn} sanasida tugaydi (${d.daysLeft} kun qoldi). Uzaytirish kerak bo'lsa, hamkorlaringiz bilan bog'laning.` }),
    ru: (d) => ({ subject: `Соглашение истекает через ${d.daysLeft} дн.`, text: `Соглашение ${d.agreementId} истекает ${d.endsOn} (осталось ${d.daysLeft} дн.). Если его нужно продлить, свяжитесь с партнёрами.` }),
    en: (d) => ({ subject: `Agreement expires in ${d.daysLeft} days`, text: `Agreement ${d.agreementId} ends on ${d.endsOn} (${d.daysLeft} days left). Contact your partners if it should be renewed.` }),
  }),
  [FollowUpDue.type]: templates(FollowUpDue, {
    uz: (d) => ({ subject: `Bitiruvchi so'rovi: ${d.monthsAfter} oy`, text: `${d.cohortYear} yil bitiruvchisi ${d.learnerId} (${d.specialty}) haqida ${d.monthsAfter} oylik so'rov muddati ${d.dueOn}. Holatini platformada kiriting.` }),
    ru: (d) => ({ subject: `Опрос выпускника: ${d.monthsAfter} мес.`, text: `Опрос через ${d.monthsAfter} мес. о выпускнике ${d.learnerId} (${d.specialty}, ${d.cohortYear}) — срок ${d.dueOn}. Внесите его статус на платформе.` }),
    en: (d) => ({ subject: `Graduate follow-up due: ${d.monthsAfter} months`, text: `The ${d.monthsAfter}-month follow-up of graduate ${d.learnerId} (${d.specialty}, cohort ${d.cohortYear}) is due on ${d.dueOn}. Please report their status on the platform.` }),
  }),
  [FollowUpOverdue.type]: templates(FollowUpOverdue, {
    uz: (d) => ({ subject: `Muddati o'tgan so'rov: ${d.monthsAfter} oy`, text: `Bitiruvchi ${d.learnerId} haqidagi ${d.monthsAfter} oylik so'rovga ${d.dueOn} dan beri javob yo'q.` }),
    ru: (d) => ({ subject: `Просрочен опрос выпускника: ${d.monthsAfter} мес.`, text: `Опрос через ${d.monthsAfter} мес. о выпускнике ${d.learnerId} без ответа с ${d.dueOn}.` }),
    en: (d) => ({ subject: `Overdue graduate follow-up: ${d.monthsAfter} months`, text: `The ${d.monthsAfter}-month follow-up of graduate ${d.learnerId}, due on ${d.dueOn}, is still unanswered.` }),
  }),
  // To the graduate (not staff): Uzbek with a Russian copy, as public services write; English on request.
  [SelfReportRequested.type]: templates(SelfReportRequested, {
    uz: (d) => ({
      subject: "Bitiruvchilar so'rovi / Опрос выпускников",
      text:
        `Assalomu alaykum! O'qishni tugatganingizdan ${d.monthsAfter} oy o'tdi. Hozir ishlayapsizmi yoki o'qishni davom ettiryapsizmi? Javob berish uchun havola (bir marta, ${d.expiresAt.slice(0, 10)} gacha): ${d.link}\n\n` +
        `Здравствуйте! Прошло ${d.monthsAfter} мес. после окончания учёбы. Работаете ли вы или продолжаете учёбу? Ответьте по ссылке (один раз, до ${d.expiresAt.slice(0, 10)}): ${d.link}`,
    }),
    en: (d) => ({
      subject: 'How are you doing since graduating?',
      text: `It has been ${d.monthsAfter} months since you graduated. Are you working or studying? Answer through this one-time link (until ${d.expiresAt.slice(0, 10)}): ${d.link}`,
    }),
  }),
  [GraduateReferredToCentre.type]: templates(GraduateReferredToCentre, {
    en: (d) => ({ subject: 'A graduate was referred to your centre', text: `Graduate ${d.learnerId} (${d.specialty}, ${d.region}) was referred: ${d.reason}.` }),
  }),
  [PlacementPosted.type]: templates(PlacementPosted, {
    uz: (d) => ({ subject: `Yangi amaliyot o'rni: ${d.title}`, text: `Hamkor korxona "${d.title}" (${d.specialty}, ${d.region}) amaliyot o'rnini e'lon qildi: ${d.capacity} o'rin, ${d.startsOn} – ${d.endsOn}. Nomzodlar ${d.applicationDeadline.slice(0, 10)} gacha.` }),
    ru: (d) => ({ subject: `Новое место практики: ${d.title}`, text: `Партнёрское предприятие опубликовало место практики «${d.title}» (${d.specialty}, ${d.region}): ${d.capacity} мест, ${d.startsOn} – ${d.endsOn}. Номинации до ${d.applicationDeadline.slice(0, 10)}.` }),
    en: (d) => ({ subject: `New placement: ${d.title}`, text: `A partner enterprise posted the placement "${d.title}" (${d.specialty}, ${d.region}): ${d.capacity} seats, ${d.startsOn} to ${d.endsOn}. Nominate by ${d.applicationDeadline.slice(0, 10)}.` }),
  }),
  [NominationSubmitted.type]: templates(NominationSubmitted, {
    uz: (d) => ({ subject: 'Yangi nomzod', text: `Maktab ${d.placementId} amaliyot o'rniga nomzod ko'rsatdi (${d.nominationId}). Qabul qiling yoki rad eting.` }),
    ru: (d) => ({ subject: 'Новая номинация', text: `Школа номинировала учащегося на место практики ${d.placementId} (номинация ${d.nominationId}). Примите или отклоните её.` }),
    en: (d) => ({ subject: 'New nomination', text: `A school nominated a learner to placement ${d.placementId} (nomination ${d.nominationId}). Please accept or reject it.` }),
  }),
  [NominationAccepted.type]: templates(NominationAccepted, {
    uz: (d) => ({ subject: 'Nomzod qabul qilindi', text: `Korxona ${d.nominationId} nomzodini qabul qildi. Amaliyotni tasdiqlang (qolgan o'rinlar: ${d.seatsLeft}).` }),
    ru: (d) => ({ subject: 'Номинация принята', text: `Предприятие приняло номинацию ${d.nominationId}. Подтвердите практику (осталось мест: ${d.seatsLeft}).` }),
    en: (d) => ({ subject: 'Nomination accepted', text: `The enterprise accepted nomination ${d.nominationId}. Please confirm the internship (seats left: ${d.seatsLeft}).` }),
  }),
  [NominationRejected.type]: templates(NominationRejected, {
    uz: (d) => ({ subject: 'Nomzod rad etildi', text: `Korxona ${d.nominationId} nomzodini rad etdi: ${d.reason}` }),
    ru: (d) => ({ subject: 'Номинация отклонена', text: `Предприятие отклонило номинацию ${d.nominationId}: ${d.reason}` }),
    en: (d) => ({ subject: 'Nomination rejected', text: `The enterprise rejected nomination ${d.nominationId}: ${d.reason}` }),
  }),
  [InternshipConfirmed.type]: templates(InternshipConfirmed, {
    uz: (d) => ({ subject: 'Amaliyot tasdiqlandi', text: `Amaliyot ${d.internshipId} tasdiqlandi: ${d.startsOn} – ${d.endsOn}.` }),
    ru: (d) => ({ subject: 'Практика подтверждена', text: `Практика ${d.internshipId} подтверждена: ${d.startsOn} – ${d.endsOn}.` }),
    en: (d) => ({ subject: 'Internship confirmed', text: `Internship ${d.internshipId} is confirmed: ${d.startsOn} to ${d.endsOn}.` }),
  }),
  [InternshipWithdrawn.type]: templates(InternshipWithdrawn, {
    uz: (d) => ({ subject: 'Amaliyotdan voz kechildi', text: `Amaliyot ${d.internshipId} boshlanishidan oldin bekor qilindi: ${d.reason}` }),
    ru: (d) => ({ subject: 'Отказ от практики', text: `От практики ${d.internshipId} отказались до её начала: ${d.reason}` }),
    en: (d) => ({ subject: 'Internship withdrawn', text: `Internship ${d.internshipId} was withdrawn before its start by the ${d.withdrawnBy}: ${d.reason}` }),
  }),
  [InternshipCancelled.type]: templates(InternshipCancelled, {
    uz: (d) => ({ subject: 'Amaliyot to\'xtatildi', text: `Amaliyot ${d.internshipId} ${d.cancelledOn} sanasida to'xtatildi: ${d.reason}` }),
    ru: (d) => ({ subject: 'Практика прервана', text: `Практика ${d.internshipId} прервана ${d.cancelledOn}: ${d.reason}` }),
    en: (d) => ({ subject: 'Internship cancelled', text: `Internship ${d.internshipId} was ended early on ${d.cancelledOn} by the ${d.cancelledBy}: ${d.reason}` }),
  }),
  [BookingRequested.type]: templates(BookingRequested, {
    uz: (d) => ({ subject: d.status === 'pending' ? 'Bron tasdiqlashni kutmoqda' : 'Yangi bron', text: `Resurs ${d.resourceId} ${d.startsAt} – ${d.endsAt} ga bron qilindi (${d.participants} kishi).` }),
    ru: (d) => ({ subject: d.status === 'pending' ? 'Бронирование ждёт решения' : 'Новое бронирование', text: `Ресурс ${d.resourceId} забронирован на ${d.startsAt} – ${d.endsAt} (${d.participants} чел.).` }),
    en: (d) => ({ subject: d.status === 'pending' ? 'A booking awaits your approval' : 'New booking', text: `Resource ${d.resourceId} was booked for ${d.startsAt} to ${d.endsAt} (${d.participants} participants).` }),
  }),
  [BookingApproved.type]: templates(BookingApproved, {
    uz: (d) => ({ subject: 'Bron tasdiqlandi', text: `${d.resourceId} resursining ${d.startsAt} – ${d.endsAt} broni tasdiqlandi.` }),
    ru: (d) => ({ subject: 'Бронирование подтверждено', text: `Бронирование ресурса ${d.resourceId} на ${d.startsAt} – ${d.endsAt} подтверждено.` }),
    en: (d) => ({ subject: 'Booking approved', text: `Your booking of resource ${d.resourceId} for ${d.startsAt} to ${d.endsAt} was approved.` }),
  }),
  [BookingRejected.type]: templates(BookingRejected, {
    uz: (d) => ({ subject: 'Bron rad etildi', text: `${d.resourceId} resursining ${d.startsAt} broni rad etildi${d.reason ? `: ${d.reason}` : '.'}` }),
    ru: (d) => ({ subject: 'Бронирование отклонено', text: `Бронирование ресурса ${d.resourceId} на ${d.startsAt} отклонено${d.reason ? `: ${d.reason}` : '.'}` }),
    en: (d) => ({ subject: 'Booking rejected', text: `Your booking of resource ${d.resourceId} for ${d.startsAt} was rejected${d.reason ? `: ${d.reason}` : '.'}` }),
  }),
  [BookingCancelled.type]: templates(BookingCancelled, {
    uz: (d) => ({ subject: 'Bron bekor qilindi', text: `${d.resourceId} resursining ${d.startsAt} broni bekor qilindi (${d.reason === 'resource_withdrawn' ? 'resurs olib tashlandi' : 'bron egasi bekor qildi'}).` }),
    ru: (d) => ({ subject: 'Бронирование отменено', text: `Бронирование ресурса ${d.resourceId} на ${d.startsAt} отменено (${d.reason === 'resource_withdrawn' ? 'ресурс снят' : 'отменено владельцем брони'}).` }),
    en: (d) => ({ subject: 'Booking cancelled', text: `The booking of resource ${d.resourceId} for ${d.startsAt} was cancelled (${d.reason === 'resource_withdrawn' ? 'the resource was withdrawn' : 'by its holder'}).` }),
  }),
  [BookingReminderDue.type]: templates(BookingReminderDue, {
    uz: (d) => ({ subject: `Bron ${d.minutesBefore} daqiqadan keyin boshlanadi`, text: `${d.resourceId} resursining broni ${d.startsAt} da boshlanadi.` }),
    ru: (d) => ({ subject: `Бронирование через ${d.minutesBefore} мин.`, text: `Бронирование ресурса ${d.resourceId} начинается в ${d.startsAt}.` }),
    en: (d) => ({ subject: `Booking starts in ${d.minutesBefore} minutes`, text: `The booking of resource ${d.resourceId} starts at ${d.startsAt}.` }),
  }),
  [InternshipCompleted.type]: templates(InternshipCompleted, {
    uz: (d) => ({ subject: 'Amaliyot yakunlandi', text: `Amaliyot ${d.internshipId} ${d.completedOn} sanasida yakunlandi${d.hours ? ` (${d.hours} soat)` : ''}.` }),
    ru: (d) => ({ subject: 'Практика завершена', text: `Практика ${d.internshipId} завершена ${d.completedOn}${d.hours ? ` (${d.hours} ч.)` : ''}.` }),
    en: (d) => ({ subject: 'Internship completed', text: `Internship ${d.internshipId} was completed on ${d.completedOn}${d.hours ? ` (${d.hours} hours)` : ''}.` }),
  }),
};

/** A message for any event type without its own template (a rule added before its texts). */
const GENERIC: Templates<EventContract> = {
  uz: () => ({ subject: 'hamkor: yangi xabar', text: 'Platformada siz uchun yangi xabar bor.' }),
  ru: () => ({ subject: 'hamkor: новое уведомление', text: 'На платформе для вас новое уведомление.' }),
  en: () => ({ subject: 'hamkor: new notification', text: 'There is a new notification for you on the platform.' }),
};

export function render(eventType: string, data: unknown, language: Language): Rendered {
  const t = TEMPLATES[eventType] ?? GENERIC;
  const lang = t[language] ? language : FALLBACK_LANGUAGE;
  return { ...t[lang]!(data), language: lang };
}

/** Registers the texts of a rule that arrives later (kept next to the rule that needs them). */
export function addTemplates<C extends EventContract>(contract: C, t: Templates<C>): void {
  TEMPLATES[contract.type] = templates(contract, t);
}
