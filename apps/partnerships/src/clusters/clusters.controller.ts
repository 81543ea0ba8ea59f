import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { ClustersService } from './clusters.service';
import { CreateClusterDto, InviteMemberDto, ListClustersQuery } from './dto/cluster.dto';
import { CLUSTER_EXAMPLE } from './cluster.examples';
import { pageExample } from '../keyset';

const clusterId = () => Param('clusterId', new ParseUUIDPipe());

@ApiTags('clusters')
@ApiForbiddenResponse({ description: 'the caller may not do this (wrong role, not the coordinator, or an organisation not yet verified)' })
@Controller('clusters')
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @Post()
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('school')
  @Idempotent('partnerships')
  @ApiOperation({ summary: 'Create a cluster (a verified school, which becomes its coordinator) and invite its anchor university' })
  @ApiCreatedResponse({ description: 'the cluster, awaiting the anchor university', schema: { example: CLUSTER_EXAMPLE } })
  @ApiUnprocessableEntityResponse({ description: 'the anchor is not a registered university' })
  create(@CurrentPrincipal() caller: Principal, @Body() dto: CreateClusterDto) {
    return this.clusters.create(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List clusters by region, member or name (paginated)' })
  @ApiOkResponse({ description: '{ items, nextCursor }', schema: { example: pageExample(CLUSTER_EXAMPLE) } })
  list(@Query() q: ListClustersQuery) {
    return this.clusters.list(q);
  }

  @Get(':clusterId')
  @ApiOperation({ summary: 'A cluster with its current (active and invited) members' })
  @ApiOkResponse({ description: 'the cluster', schema: { example: CLUSTER_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'no such cluster' })
  get(@clusterId() id: string) {
    return this.clusters.get(id);
  }

  @Post(':clusterId/invitations')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Invite an organisation of any type (the coordinator only)' })
  @ApiOkResponse({ description: 'the cluster with the invitee listed as invited', schema: { example: CLUSTER_EXAMPLE } })
  @ApiConflictResponse({ description: 'already a member or already invited' })
  invite(@CurrentPrincipal() caller: Principal, @clusterId() id: string, @Body() dto: InviteMemberDto) {
    return this.clusters.invite(caller, id, dto);
  }

  @Post(':clusterId/invitation/accept')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: "Accept your organisation's invitation (the anchor university accepting makes the cluster active)" })
  @ApiOkResponse({ description: 'the cluster', schema: { example: CLUSTER_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'no open invitation for your organisation' })
  accept(@CurrentPrincipal() caller: Principal, @clusterId() id: string) {
    return this.clusters.answer(caller, id, true);
  }

  @Post(':clusterId/invitation/decline')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: "Decline your organisation's invitation" })
  @ApiOkResponse({ description: 'the cluster', schema: { example: CLUSTER_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'no open invitation for your organisation' })
  decline(@CurrentPrincipal() caller: Principal, @clusterId() id: string) {
    return this.clusters.answer(caller, id, false);
  }

  @Post(':clusterId/leave')
  @HttpCode(204)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Your organisation leaves the cluster (the coordinator cannot)' })
  @ApiNoContentResponse({ description: 'left' })
  @ApiConflictResponse({ description: 'the coordinator cannot leave' })
  leave(@CurrentPrincipal() caller: Principal, @clusterId() id: string) {
    return this.clusters.leave(caller, id);
  }

  @Delete(':clusterId/members/:organisationId')
  @HttpCode(204)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Remove a member or withdraw an invitation (the coordinator only)' })
  @ApiNoContentResponse({ description: 'removed' })
  remove(@CurrentPrincipal() caller: Principal, @clusterId() id: string, @Param('organisationId', new ParseUUIDPipe()) organisationId: string) {
    return this.clusters.remove(caller, id, organisationId);
  }
}
