import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { GraduationService } from './graduation.service';
import { GraduateDto, GraduationResult } from './dto/graduate.dto';

@ApiTags('graduation')
@Controller('graduations')
@OrganisationTypes('school')
export class GraduationController {
  constructor(private readonly graduation: GraduationService) {}

  @Post()
  @Roles('org_admin', 'coordinator')
  @Idempotent('employment')
  @ApiOperation({
    summary: 'Graduate learners of your school: a list, or a whole cohort in one request',
    description: 'Each graduate gets an employment.graduate.v1 graduated event and the follow-ups of your school plan (default 6, 12, 36 months).',
  })
  @ApiCreatedResponse({ type: GraduationResult })
  @ApiUnprocessableEntityResponse({ description: 'a listed learner is not of your school, or the date is in the future' })
  graduate(@CurrentPrincipal() caller: Principal, @Body() dto: GraduateDto) {
    return this.graduation.graduate(caller, dto);
  }
}
