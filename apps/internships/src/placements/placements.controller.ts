import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { Idempotent, JSON_CONTENT_TYPE } from '@hamkor/http';
import { PlacementsService } from './placements.service';
import { BulkPostPlacementsDto, PostPlacementDto, UpdatePlacementDto } from './dto/post-placement.dto';
import { SearchPlacementsQuery } from './dto/search-placements.query';

@ApiTags('placements')
@Controller('placements')
export class PlacementsController {
  constructor(private readonly placements: PlacementsService) {}

  @Post()
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('enterprise')
  @Idempotent('internships')
  @ApiOperation({ summary: 'Post a placement (an enterprise); it closes by itself at its application deadline' })
  @ApiCreatedResponse({ description: 'posted and open for nominations' })
  post(@CurrentPrincipal() caller: Principal, @Body() dto: PostPlacementDto) {
    return this.placements.post(caller, dto);
  }

  @Post('bulk')
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('enterprise')
  @Idempotent('internships')
  @ApiOperation({ summary: "Post up to 100 placements at once, all or none (an enterprise's own system)" })
  @ApiCreatedResponse({ description: 'every placement posted, in the order given' })
  async bulk(@CurrentPrincipal() caller: Principal, @Body() dto: BulkPostPlacementsDto) {
    return { items: await this.placements.postMany(caller, dto.placements) };
  }

  @Get()
  @ApiOperation({
    summary: 'Search placements (paginated)',
    description: "A school sees public placements, partners' placements under an active internships agreement, and its cluster mates'; an enterprise sees its own.",
  })
  @Header('Content-Type', JSON_CONTENT_TYPE) // the page comes as JSON text, written by PostgreSQL
  search(@CurrentPrincipal() caller: Principal, @Query() q: SearchPlacementsQuery) {
    return this.placements.search(caller, q);
  }

  @Get(':placementId')
  @ApiOkResponse({ description: 'the placement' })
  @ApiNotFoundResponse({ description: 'no such placement, or not visible to the caller' })
  get(@CurrentPrincipal() caller: Principal, @Param('placementId', new ParseUUIDPipe()) id: string) {
    return this.placements.get(caller, id);
  }

  @Patch(':placementId')
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('enterprise')
  @ApiOperation({ summary: 'Edit an open placement, until the first nomination is accepted' })
  @ApiForbiddenResponse({ description: "another enterprise's placement" })
  @ApiConflictResponse({ description: 'a nomination was accepted, or the placement is closed or filled' })
  update(@CurrentPrincipal() caller: Principal, @Param('placementId', new ParseUUIDPipe()) id: string, @Body() dto: UpdatePlacementDto) {
    return this.placements.update(caller, id, dto);
  }

  @Post(':placementId/close')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('enterprise')
  @ApiOperation({ summary: 'Close a placement: no more nominations (pending ones can still be decided)' })
  @ApiConflictResponse({ description: 'already closed or filled' })
  close(@CurrentPrincipal() caller: Principal, @Param('placementId', new ParseUUIDPipe()) id: string) {
    return this.placements.close(caller, id);
  }
}
