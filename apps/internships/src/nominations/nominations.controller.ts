import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { NominationsService } from './nominations.service';
import { ListNominationsQuery, NominateDto, RejectNominationDto } from './dto/nominate.dto';

@ApiTags('nominations')
@Controller('nominations')
export class NominationsController {
  constructor(private readonly nominations: NominationsService) {}

  @Post()
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('school')
  @Idempotent('internships')
  @ApiOperation({ summary: 'Nominate one of your learners to a placement visible to your school, before its deadline' })
  @ApiCreatedResponse({ description: 'pending the enterprise’s decision' })
  @ApiConflictResponse({ description: 'already nominated, or the placement takes no more nominations' })
  @ApiUnprocessableEntityResponse({ description: 'not a learner your school enrolled' })
  nominate(@CurrentPrincipal() caller: Principal, @Body() dto: NominateDto) {
    return this.nominations.nominate(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: "Your school's nominations, or the nominations to your enterprise's placements (paginated, newest first)" })
  list(@CurrentPrincipal() caller: Principal, @Query() q: ListNominationsQuery) {
    return this.nominations.list(caller, q);
  }

  @Get(':nominationId')
  @ApiNotFoundResponse({ description: 'no such nomination, or not yours' })
  get(@CurrentPrincipal() caller: Principal, @Param('nominationId', new ParseUUIDPipe()) id: string) {
    return this.nominations.get(caller, id);
  }

  @Post(':nominationId/accept')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('enterprise')
  @ApiOperation({ summary: 'Accept a pending nomination: holds a seat (never more than the capacity)' })
  @ApiConflictResponse({ description: 'no seat left, or already decided' })
  accept(@CurrentPrincipal() caller: Principal, @Param('nominationId', new ParseUUIDPipe()) id: string) {
    return this.nominations.accept(caller, id);
  }

  @Post(':nominationId/reject')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('enterprise')
  @ApiOperation({ summary: 'Reject a pending nomination with a reason' })
  @ApiConflictResponse({ description: 'already decided' })
  reject(@CurrentPrincipal() caller: Principal, @Param('nominationId', new ParseUUIDPipe()) id: string, @Body() dto: RejectNominationDto) {
    return this.nominations.reject(caller, id, dto.reason);
  }
}
