import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@hamkor/auth';
import { Idempotent, PageQueryDto } from '@hamkor/http';
import { CreateResourceDto, UpdateResourceDto } from './dto/resource.dto';
import { CreateBlackoutDto, SearchResourcesQuery } from './dto/resource-queries.dto';
import { ResourcesService } from './resources.service';

const uuid = new ParseUUIDPipe();

@ApiTags('resources')
@Controller('resources')
export class ResourcesController {
  constructor(private readonly resources: ResourcesService) {}

  @Post()
  @Roles('org_admin', 'coordinator')
  @Idempotent('equipment')
  @ApiOperation({ summary: 'List a resource for sharing (any organisation)' })
  @ApiCreatedResponse({ description: 'the listed resource' })
  create(@CurrentPrincipal() caller: Principal, @Body() dto: CreateResourceDto) {
    return this.resources.list(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Search the resources shared with your organisation by kind, region, name and a wanted time window (paginated)' })
  search(@CurrentPrincipal() caller: Principal, @Query() q: SearchResourcesQuery) {
    return this.resources.search(caller, q);
  }

  @Get(':resourceId')
  @ApiOkResponse({ description: 'the resource' })
  @ApiNotFoundResponse({ description: 'unknown, or not shared with your organisation' })
  get(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string) {
    return this.resources.get(caller, id);
  }

  @Patch(':resourceId')
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: "Edit a resource (owner only); existing bookings stand" })
  @ApiForbiddenResponse({ description: 'not the owner' })
  update(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string, @Body() dto: UpdateResourceDto) {
    return this.resources.update(caller, id, dto);
  }

  @Post(':resourceId/blackouts')
  @Roles('org_admin', 'coordinator')
  @Idempotent('equipment')
  @ApiOperation({ summary: 'Block a period (maintenance, holidays); new bookings cannot meet it (owner only)' })
  addBlackout(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string, @Body() dto: CreateBlackoutDto) {
    return this.resources.addBlackout(caller, id, dto);
  }

  @Get(':resourceId/blackouts')
  @ApiOperation({ summary: 'Current and future blackouts of a resource (paginated)' })
  blackouts(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string, @Query() q: PageQueryDto) {
    return this.resources.blackouts(caller, id, q);
  }

  @Delete(':resourceId/blackouts/:blackoutId')
  @HttpCode(204)
  @Roles('org_admin', 'coordinator')
  @ApiNoContentResponse({ description: 'removed' })
  removeBlackout(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string, @Param('blackoutId', uuid) blackoutId: string) {
    return this.resources.removeBlackout(caller, id, blackoutId);
  }
}
