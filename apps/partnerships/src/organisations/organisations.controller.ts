import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { OrganisationsService } from './organisations.service';
import { RegisterOrganisationDto } from './dto/register-organisation.dto';
import { ListOrganisationsQuery } from './dto/list-organisations.query';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles('org_admin')
  @Idempotent('partnerships')
  @ApiOperation({ summary: 'Register an organisation (its own org_admin, or the platform operator)' })
  @ApiCreatedResponse({ description: 'registered, not yet verified' })
  @ApiConflictResponse({ description: 'already registered' })
  register(@CurrentPrincipal() caller: Principal, @Body() dto: RegisterOrganisationDto) {
    return this.organisations.register(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List and search organisations (paginated)' })
  list(@Query() q: ListOrganisationsQuery) {
    return this.organisations.list(q);
  }

  @Get(':organisationId')
  @ApiOkResponse({ description: 'the organisation' })
  get(@Param('organisationId', new ParseUUIDPipe()) id: string) {
    return this.organisations.get(id);
  }

  @Post(':organisationId/verify')
  @HttpCode(200)
  @Roles('platform_admin')
  @ApiOperation({ summary: 'Verify an organisation (platform operator only)' })
  verify(@CurrentPrincipal() caller: Principal, @Param('organisationId', new ParseUUIDPipe()) id: string) {
    return this.organisations.verify(caller, id);
  }
}
