import { Injectable, NotFoundException } from '@nestjs/common';
import { Principal } from '@hamkor/auth';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { ownOrganisation } from '../caller';
import { LearnersRepository } from '../learners/learners.repository';
import { FollowUpsRepository } from './follow-ups.repository';
import { FollowUpSettingsDto, ListFollowUpsQuery } from './dto/follow-up-settings.dto';

@Injectable()
export class FollowUpsService {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly learners: LearnersRepository,
  ) {}

  settings(caller: Principal) {
    return this.followUps.settings(ownOrganisation(caller, 'school'));
  }

  async saveSettings(caller: Principal, dto: FollowUpSettingsDto) {
    const schoolId = ownOrganisation(caller, 'school');
    await this.followUps.saveSettings(schoolId, dto);
    return this.followUps.settings(schoolId);
  }

  async list(caller: Principal, learnerId: string, q: ListFollowUpsQuery) {
    const schoolId = ownOrganisation(caller, 'school');
    if (!(await this.learners.findOwn(schoolId, learnerId))) throw new NotFoundException('no such learner in your school');
    return this.followUps.listOwn(schoolId, learnerId, q.cursor, q.limit ?? DEFAULT_PAGE_SIZE);
  }
}
