import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { ActivitiesService } from './activities.service';
import { ListActivitiesQuery, RegisterParticipantsDto, ScheduleActivityDto } from './dto/activity.dto';
import { ACTIVITY_EXAMPLE, REGISTRATION_EXAMPLE } from './activity.examples';
import { pageExample } from '../keyset';

@ApiTags('activities')
@ApiForbiddenResponse({ description: 'not an active member of the cluster, not the organiser or coordinator, or not yet verified' })
@Controller()
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post('clusters/:clusterId/activities')
  @Roles('org_admin', 'coordinator')
  @Idempotent('partnerships')
  @ApiOperation({ summary: 'Schedule a cluster activity (seminar, club for gifted pupils, olympiad preparation, open day, videoconference)' })
  @ApiCreatedResponse({ description: 'the activity', schema: { example: ACTIVITY_EXAMPLE } })
  @ApiUnprocessableEntityResponse({ description: 'times out of order or past, or neither place nor link' })
  schedule(@CurrentPrincipal() caller: Principal, @Param('clusterId', new ParseUUIDPipe()) clusterId: string, @Body() dto: ScheduleActivityDto) {
    return this.activities.schedule(caller, clusterId, dto);
  }

  @Get('clusters/:clusterId/activities')
  @ApiOperation({ summary: "A cluster's activities by start time (members; paginated)" })
  @ApiOkResponse({ description: '{ items, nextCursor }', schema: { example: pageExample(ACTIVITY_EXAMPLE) } })
  list(@CurrentPrincipal() caller: Principal, @Param('clusterId', new ParseUUIDPipe()) clusterId: string, @Query() q: ListActivitiesQuery) {
    return this.activities.list(caller, clusterId, q);
  }

  @Get('activities/:activityId')
  @ApiOperation({ summary: 'An activity with its remaining places and your organisation’s participants' })
  @ApiOkResponse({ description: 'the activity', schema: { example: ACTIVITY_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'no such activity' })
  get(@CurrentPrincipal() caller: Principal, @Param('activityId', new ParseUUIDPipe()) id: string) {
    return this.activities.get(caller, id);
  }

  @Post('activities/:activityId/registrations')
  @Roles('org_admin', 'coordinator')
  @Idempotent('partnerships')
  @ApiOperation({ summary: 'Register participants of your organisation (a count); capacity is never exceeded, even under concurrent requests' })
  @ApiCreatedResponse({ description: '{ registrationId, participants, remaining }', schema: { example: REGISTRATION_EXAMPLE } })
  @ApiConflictResponse({ description: 'not enough places left, cancelled, or already started' })
  register(@CurrentPrincipal() caller: Principal, @Param('activityId', new ParseUUIDPipe()) id: string, @Body() dto: RegisterParticipantsDto) {
    return this.activities.register(caller, id, dto);
  }

  @Post('activities/:activityId/cancel')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: "Cancel an activity (its organiser or the cluster's coordinator)" })
  @ApiOkResponse({ description: 'the cancelled activity', schema: { example: ACTIVITY_EXAMPLE } })
  @ApiConflictResponse({ description: 'already cancelled' })
  cancel(@CurrentPrincipal() caller: Principal, @Param('activityId', new ParseUUIDPipe()) id: string) {
    return this.activities.cancel(caller, id);
  }
}
