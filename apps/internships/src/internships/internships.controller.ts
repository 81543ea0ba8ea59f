import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Response } from 'express';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { EvaluationsService } from './evaluations.service';
import { renderSummaryHtml } from './internship-summary';
import { InternshipsService } from './internships.service';
import {
  ConfirmNominationDto,
  EvaluateDto,
  ListInternshipsQuery,
  ReasonDto,
  RecordCompletionDto,
  RecordStartDto,
  SchoolAssessmentDto,
  SummaryQuery,
} from './dto/internship.dto';

/** Confirmation turns an accepted nomination into an internship, so it sits under the nomination. */
@ApiTags('internships')
@Controller('nominations')
export class ConfirmationsController {
  constructor(private readonly internships: InternshipsService) {}

  @Post(':nominationId/confirm')
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('school')
  @Idempotent('internships')
  @ApiOperation({ summary: "Confirm an accepted nomination (the school), with the guardian's consent for a minor: creates the internship" })
  @ApiCreatedResponse({ description: 'the internship, confirmed; it starts and completes on its dates' })
  @ApiConflictResponse({ description: 'the nomination is not accepted (or already confirmed)' })
  @ApiUnprocessableEntityResponse({ description: "a minor without the guardian's consent" })
  confirm(@CurrentPrincipal() caller: Principal, @Param('nominationId', new ParseUUIDPipe()) id: string, @Body() dto: ConfirmNominationDto) {
    return this.internships.confirm(caller, id, dto);
  }
}

@ApiTags('internships')
@Controller('internships')
export class InternshipsController {
  constructor(
    private readonly internships: InternshipsService,
    private readonly evaluations: EvaluationsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "Your school's or your enterprise's internships (paginated, newest first)" })
  list(@CurrentPrincipal() caller: Principal, @Query() q: ListInternshipsQuery) {
    return this.internships.list(caller, q);
  }

  @Get(':internshipId')
  @ApiOkResponse({ description: 'the internship with its evaluations' })
  @ApiNotFoundResponse({ description: 'no such internship, or not yours' })
  get(@CurrentPrincipal() caller: Principal, @Param('internshipId', new ParseUUIDPipe()) id: string) {
    return this.internships.get(caller, id);
  }

  @Post(':internshipId/withdraw')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('school', 'enterprise')
  @ApiOperation({ summary: 'Withdraw before the start (the school or the enterprise), with a reason; frees the seat' })
  @ApiConflictResponse({ description: 'already started or ended' })
  withdraw(@CurrentPrincipal() caller: Principal, @Param('internshipId', new ParseUUIDPipe()) id: string, @Body() dto: ReasonDto) {
    return this.internships.withdraw(caller, id, dto.reason);
  }

  @Post(':internshipId/start')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator', 'mentor')
  @OrganisationTypes('enterprise')
  @ApiOperation({ summary: 'Record the start, earlier or later than planned (otherwise it starts on its start date)' })
  @ApiConflictResponse({ description: 'not confirmed (already started, or ended)' })
  start(@CurrentPrincipal() caller: Principal, @Param('internshipId', new ParseUUIDPipe()) id: string, @Body() dto: RecordStartDto) {
    return this.internships.recordStart(caller, id, dto.startedOn);
  }

  @Post(':internshipId/complete')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator', 'mentor')
  @OrganisationTypes('enterprise')
  @ApiOperation({ summary: 'Record the completion, earlier or later than planned (otherwise it completes on its end date)' })
  @ApiConflictResponse({ description: 'not started' })
  complete(@CurrentPrincipal() caller: Principal, @Param('internshipId', new ParseUUIDPipe()) id: string, @Body() dto: RecordCompletionDto) {
    return this.internships.recordCompletion(caller, id, dto);
  }

  @Post(':internshipId/cancel')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('school', 'enterprise')
  @ApiOperation({ summary: 'End a started internship early (the school or the enterprise), with a reason' })
  @ApiConflictResponse({ description: 'not started (withdraw instead), or already ended' })
  cancel(@CurrentPrincipal() caller: Principal, @Param('internshipId', new ParseUUIDPipe()) id: string, @Body() dto: ReasonDto) {
    return this.internships.cancel(caller, id, dto.reason);
  }

  @Put(':internshipId/evaluation')
  @Roles('mentor', 'coordinator', 'org_admin')
  @OrganisationTypes('enterprise')
  @ApiOperation({ summary: "The enterprise mentor's evaluation: every competency scored 1–5, hours, a comment (replaces an earlier one)" })
  @ApiConflictResponse({ description: 'not started yet, or withdrawn/cancelled' })
  @ApiUnprocessableEntityResponse({ description: 'a competency missing or not of the placement' })
  evaluate(@CurrentPrincipal() caller: Principal, @Param('internshipId', new ParseUUIDPipe()) id: string, @Body() dto: EvaluateDto) {
    return this.evaluations.evaluate(caller, id, dto);
  }

  @Put(':internshipId/school-assessment')
  @Roles('coordinator', 'org_admin')
  @OrganisationTypes('school')
  @ApiOperation({ summary: "The school's own assessment: a grade 1–5 and a comment (replaces an earlier one)" })
  assess(@CurrentPrincipal() caller: Principal, @Param('internshipId', new ParseUUIDPipe()) id: string, @Body() dto: SchoolAssessmentDto) {
    return this.evaluations.assess(caller, id, dto);
  }

  @Get(':internshipId/summary')
  @OrganisationTypes('school')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/json', 'text/html')
  @ApiOperation({ summary: 'The certificate-like summary of a completed internship, as JSON or printable HTML (the learner’s school)' })
  @ApiConflictResponse({ description: 'not completed yet' })
  async summary(
    @CurrentPrincipal() caller: Principal,
    @Param('internshipId', new ParseUUIDPipe()) id: string,
    @Query() q: SummaryQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const summary = await this.evaluations.summary(caller, id);
    if (q.format !== 'html') return summary;
    res.type('text/html; charset=utf-8');
    return renderSummaryHtml(summary);
  }
}
