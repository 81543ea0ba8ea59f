import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { StatusService } from './status.service';
import { ReportStatusDto, StatusHistoryQuery } from './dto/report-status.dto';

@ApiTags('status-reports')
@Controller('learners/:learnerId/status-reports')
export class StatusController {
  constructor(private readonly statuses: StatusService) {}

  @Post()
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('school', 'enterprise', 'employment_centre')
  @Idempotent('employment')
  @ApiOperation({
    summary: "Report a graduate's status",
    description: 'The school reports any status of its graduates; an enterprise reports a hire (status employed, itself the employer); an employment centre reports on graduates of the regions it follows (e.g. a placement). The current status is the latest by effective date.',
  })
  @ApiCreatedResponse({ description: 'recorded and published on employment.graduate.v1' })
  @ApiNotFoundResponse({ description: 'no such graduate visible to the caller' })
  report(@CurrentPrincipal() caller: Principal, @Param('learnerId', new ParseUUIDPipe()) learnerId: string, @Body() dto: ReportStatusDto) {
    return this.statuses.report(caller, learnerId, dto);
  }

  @Get()
  @OrganisationTypes('school')
  @ApiOperation({ summary: "A graduate's status history, latest effective date first (the learner's own school)" })
  history(@CurrentPrincipal() caller: Principal, @Param('learnerId', new ParseUUIDPipe()) learnerId: string, @Query() q: StatusHistoryQuery) {
    return this.statuses.history(caller, learnerId, q);
  }
}
