import { OmitType, PartialType } from '@nestjs/swagger';
import { EnrolLearnerDto } from './enrol-learner.dto';

/** Any field of the enrolment may be corrected; absent fields stay as they are. */
export class UpdateLearnerDto extends PartialType(OmitType(EnrolLearnerDto, [] as const)) {}
