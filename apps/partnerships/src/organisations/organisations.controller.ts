import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OwnOrganisation, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { OrganisationsService } from './organisations.service';
import { RegisterOrganisationDto } from './dto/register-organisation.dto';
import { ListOrganisationsQuery } from './dto/list-organisations.query';
import { UpdateOrganisationDto } from './dto/update-organisation.dto';
import { ORGANISATION_EXAMPLE } from './organisation.examples';
import { pageExample } from '../keyset';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles('org_admin')
  @Idempotent('partnerships')
  @ApiOperation({ summary: 'Register an organisation (its own org_admin, or the platform operator)' })
  @ApiCreatedResponse({ description: 'registered, not yet verified', schema: { example: ORGANISATION_EXAMPLE } })
  @ApiConflictResponse({ description: 'already registered' })
  register(@CurrentPrincipal() caller: Principal, @Body() dto: RegisterOrganisationDto) {
    return this.organisations.register(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List and search organisations (paginated)' })
  @ApiOkResponse({ description: '{ items, nextCursor }', schema: { example: pageExample(ORGANISATION_EXAMPLE) } })
  list(@Query() q: ListOrganisationsQuery) {
    return this.organisations.list(q);
  }

  @Get(':organisationId')
  @ApiOperation({ summary: 'An organisation: type, name, region, contact and whether it is verified' })
  @ApiOkResponse({ description: 'the organisation', schema: { example: ORGANISATION_EXAMPLE } })
  get(@Param('organisationId', new ParseUUIDPipe()) id: string) {
    return this.organisations.get(id);
  }

  @Patch(':organisationId')
  @Roles('org_admin')
  @OwnOrganisation()
  @ApiOperation({ summary: "Update an organisation's profile (its own org_admin, or the platform operator)" })
  @ApiOkResponse({ description: 'the updated organisation; a name or region change is published as partnerships.organisation.updated', schema: { example: ORGANISATION_EXAMPLE } })
  update(@Param('organisationId', new ParseUUIDPipe()) id: string, @Body() dto: UpdateOrganisationDto) {
    return this.organisations.update(id, dto);
  }

  @Post(':organisationId/verify')
  @HttpCode(200)
  @Roles('platform_admin')
  @ApiOperation({ summary: 'Verify an organisation (platform operator only)' })
  @ApiOkResponse({ description: 'the verified organisation; it may now act', schema: { example: ORGANISATION_EXAMPLE } })
  verify(@CurrentPrincipal() caller: Principal, @Param('organisationId', new ParseUUIDPipe()) id: string) {
    return this.organisations.verify(caller, id);
  }
}
