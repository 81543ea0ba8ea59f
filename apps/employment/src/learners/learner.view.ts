import { EventData, LearnerEnrolled } from '@hamkor/contracts';
import { Learner } from './learner.entity';
import { isMinor } from './learner-rows';

/** What the learner's own school sees. */
export function learnerView(l: Learner) {
  return {
    id: l.id,
    schoolId: l.schoolId,
    schoolRef: l.schoolRef,
    fullName: l.fullName,
    dateOfBirth: l.dateOfBirth,
    email: l.email,
    phone: l.phone,
    specialty: l.specialty,
    cohortYear: l.cohortYear,
    expectedGraduation: l.expectedGraduation,
    region: l.region,
    consentFollowUpContact: l.consentFollowUp,
    consentShareWithCentre: l.consentCentre,
    graduatedOn: l.graduatedOn,
    currentStatus: l.currentStatus ? { status: l.currentStatus, effectiveOn: l.currentEffectiveOn } : null,
    erased: l.erasedAt !== null,
  };
}

/** The non-identifying attributes other services may know (the learner events). */
export function learnerEventData(l: Pick<Learner, 'id' | 'schoolId' | 'specialty' | 'cohortYear' | 'expectedGraduation' | 'region' | 'dateOfBirth'>): EventData<typeof LearnerEnrolled> {
  return {
    learnerId: l.id,
    schoolId: l.schoolId,
    specialty: l.specialty,
    cohortYear: l.cohortYear,
    expectedGraduation: l.expectedGraduation,
    region: l.region,
    minor: l.dateOfBirth ? isMinor(l.dateOfBirth) : false,
  };
}
