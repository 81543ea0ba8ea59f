import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { LearnersService } from './learners.service';
import { BulkEnrolResult, EnrolLearnerDto } from './dto/enrol-learner.dto';
import { UpdateLearnerDto } from './dto/update-learner.dto';
import { ListLearnersQuery } from './dto/list-learners.query';
import { CSV_COLUMNS, MAX_BULK_ROWS } from './learner-rows';

@ApiTags('learners')
@Controller('learners')
@OrganisationTypes('school')
export class LearnersController {
  constructor(private readonly learners: LearnersService) {}

  @Post()
  @Roles('org_admin', 'coordinator')
  @Idempotent('employment')
  @ApiOperation({ summary: 'Enrol one learner of your school' })
  @ApiCreatedResponse({ description: 'enrolled' })
  @ApiConflictResponse({ description: 'the schoolRef is already used in your school' })
  enrol(@CurrentPrincipal() caller: Principal, @Body() dto: EnrolLearnerDto) {
    return this.learners.enrol(caller, dto);
  }

  @Post('bulk')
  @Roles('org_admin', 'coordinator')
  @Idempotent('employment')
  @ApiOperation({
    summary: `Enrol up to ${MAX_BULK_ROWS} learners at once, all or nothing`,
    description: `JSON { "learners": [...] } (each like a single enrolment) or text/csv with the header ${CSV_COLUMNS.join(',')}. ` +
      'If any row is invalid nothing is enrolled and the 422 problem lists { row, field, message } for each bad row (rows counted from 1, the CSV header excluded).',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    schema: { oneOf: [{ type: 'object', properties: { learners: { type: 'array', items: { $ref: '#/components/schemas/EnrolLearnerDto' } } } }, { type: 'string' }] },
    examples: {
      csv: { value: `${CSV_COLUMNS.join(',')}\nTVC3-0117,Dilnoza Karimova,2008-03-14,mechatronics,2024,2027-06-30,UZ-TK,dilnoza.k@example.uz,,yes,no` },
    },
  })
  @ApiCreatedResponse({ type: BulkEnrolResult })
  @ApiUnprocessableEntityResponse({ description: 'some rows are invalid; the problem lists them and nothing was enrolled' })
  enrolMany(@CurrentPrincipal() caller: Principal, @Body() body: unknown) {
    return this.learners.enrolMany(caller, body);
  }

  @Get()
  @ApiOperation({ summary: "Your school's learners (paginated)" })
  list(@CurrentPrincipal() caller: Principal, @Query() q: ListLearnersQuery) {
    return this.learners.list(caller, q);
  }

  @Get(':learnerId')
  @ApiOkResponse({ description: 'the learner, with personal data (your own school only)' })
  get(@CurrentPrincipal() caller: Principal, @Param('learnerId', new ParseUUIDPipe()) id: string) {
    return this.learners.get(caller, id);
  }

  @Patch(':learnerId')
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Correct a learner' })
  update(@CurrentPrincipal() caller: Principal, @Param('learnerId', new ParseUUIDPipe()) id: string, @Body() dto: UpdateLearnerDto) {
    return this.learners.update(caller, id, dto);
  }

  @Post(':learnerId/erasure')
  @HttpCode(200)
  @Roles('org_admin')
  @ApiOperation({ summary: "Erase a learner's personal data on request (statistics keep the anonymous record)" })
  erase(@CurrentPrincipal() caller: Principal, @Param('learnerId', new ParseUUIDPipe()) id: string) {
    return this.learners.erase(caller, id);
  }
}
