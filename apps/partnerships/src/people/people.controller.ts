import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OwnOrganisation, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { PeopleService } from './people.service';
import { AddPersonDto, ListPeopleQuery, UpdatePersonDto } from './dto/person.dto';
import { PERSON_EXAMPLE } from './person.examples';
import { pageExample } from '../keyset';

@ApiTags('people')
@ApiForbiddenResponse({ description: "only the organisation's own org_admin manages its people" })
@Controller('organisations/:organisationId/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Post()
  @Roles('org_admin')
  @OwnOrganisation()
  @Idempotent('partnerships')
  @ApiOperation({ summary: 'Add a person acting for the organisation, with roles (published with their work e-mail for notifications)' })
  @ApiCreatedResponse({ description: 'the person', schema: { example: PERSON_EXAMPLE } })
  @ApiConflictResponse({ description: 'the id or e-mail is already listed' })
  add(@Param('organisationId', new ParseUUIDPipe()) organisationId: string, @Body() dto: AddPersonDto) {
    return this.people.add(organisationId, dto);
  }

  @Get()
  @ApiOperation({ summary: "List an organisation's people (its own members, or the operator; paginated)" })
  @ApiOkResponse({ description: '{ items, nextCursor }', schema: { example: pageExample(PERSON_EXAMPLE) } })
  list(@CurrentPrincipal() caller: Principal, @Param('organisationId', new ParseUUIDPipe()) organisationId: string, @Query() q: ListPeopleQuery) {
    return this.people.list(caller, organisationId, q);
  }

  @Patch(':personId')
  @Roles('org_admin')
  @OwnOrganisation()
  @ApiOperation({ summary: "Change a person's name, e-mail, roles or language" })
  @ApiOkResponse({ description: 'the person', schema: { example: PERSON_EXAMPLE } })
  update(
    @Param('organisationId', new ParseUUIDPipe()) organisationId: string,
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Body() dto: UpdatePersonDto,
  ) {
    return this.people.update(organisationId, personId, dto);
  }

  @Delete(':personId')
  @HttpCode(204)
  @Roles('org_admin')
  @OwnOrganisation()
  @ApiOperation({ summary: 'Remove a person: they no longer act for the organisation' })
  @ApiNoContentResponse({ description: 'removed' })
  remove(@Param('organisationId', new ParseUUIDPipe()) organisationId: string, @Param('personId', new ParseUUIDPipe()) personId: string) {
    return this.people.remove(organisationId, personId);
  }
}
