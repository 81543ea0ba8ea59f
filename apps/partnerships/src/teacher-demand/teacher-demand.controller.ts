import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { TeacherDemandService } from './teacher-demand.service';
import { FileStaffingReturnDto, ForecastQuery, ListStaffingReturnsQuery } from './dto/teacher-demand.dto';
import { STAFFING_RETURN_EXAMPLE } from './staffing-return.examples';
import { pageExample } from '../keyset';

const FORMULA = [
  'For each year Y+k (k = 0..horizon) of the returns filed for year Y, per school:',
  '`needed = ceil(classes[k] × weeklyHoursPerClass / weeklyHoursPerTeacher)`;',
  '`available = max(0, teachersNow − (retiring[1] + … + retiring[k]))`;',
  '`gap = needed − available` (> 0 shortage, < 0 surplus).',
  'A region or cluster sums the schools; `shortage = Σ max(0, gap of each school)` is the posts to fill where schools lack teachers.',
].join(' ');
const FORECAST_DESCRIPTION = `${FORMULA} Universities and the operator read a region (\`region\`) or a cluster's member schools (\`clusterId\`); a school reads its own figures.`;

const FORECAST_EXAMPLE = {
  subject: 'mathematics',
  baseYear: 2026,
  scope: { region: 'UZ-TK' },
  schools: 2,
  years: [
    { year: 2026, classes: 29, weeklyHours: 136, teachersNeeded: 9, teachersAvailable: 14, gap: -5, shortage: 0 },
    { year: 2027, classes: 31, weeklyHours: 146, teachersNeeded: 10, teachersAvailable: 11, gap: -1, shortage: 1 },
  ],
};

@ApiTags('teacher-demand')
@Controller('teacher-demand')
export class TeacherDemandController {
  constructor(private readonly teacherDemand: TeacherDemandService) {}

  @Post('returns')
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('school')
  @Idempotent('partnerships')
  @ApiOperation({ summary: "File (or re-file) a school's yearly staffing return for one subject" })
  @ApiCreatedResponse({ description: 'the return as stored', schema: { example: STAFFING_RETURN_EXAMPLE } })
  @ApiUnprocessableEntityResponse({ description: 'more teachers retiring than teach the subject' })
  @ApiForbiddenResponse({ description: 'not a verified school' })
  file(@CurrentPrincipal() caller: Principal, @Body() dto: FileStaffingReturnDto) {
    return this.teacherDemand.file(caller, dto);
  }

  @Get('returns')
  @ApiOperation({ summary: "Your school's staffing returns (the operator: any school's), newest year first (paginated)" })
  @ApiOkResponse({ description: '{ items, nextCursor }', schema: { example: pageExample(STAFFING_RETURN_EXAMPLE) } })
  list(@CurrentPrincipal() caller: Principal, @Query() q: ListStaffingReturnsQuery) {
    return this.teacherDemand.list(caller, q);
  }

  @Get('forecast')
  @ApiOperation({ summary: 'Teacher-demand forecast for a subject, per region, cluster or school, 3–5 years ahead', description: FORECAST_DESCRIPTION })
  @ApiOkResponse({ description: 'needed, available, gap and shortage per year', schema: { example: FORECAST_EXAMPLE } })
  @ApiForbiddenResponse({ description: 'universities and the operator read regions and clusters; a school only itself' })
  forecast(@CurrentPrincipal() caller: Principal, @Query() q: ForecastQuery) {
    return this.teacherDemand.forecast(caller, q);
  }
}
