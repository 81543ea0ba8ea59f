import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { FollowUpsService } from './follow-ups.service';
import { FollowUpSettingsDto, ListFollowUpsQuery } from './dto/follow-up-settings.dto';

@ApiTags('follow-ups')
@Controller()
@OrganisationTypes('school')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Get('follow-up-settings')
  @ApiOperation({ summary: "Your school's follow-up plan (default: 6, 12 and 36 months; overdue after 30 days)" })
  @ApiOkResponse({ type: FollowUpSettingsDto })
  settings(@CurrentPrincipal() caller: Principal) {
    return this.followUps.settings(caller);
  }

  @Put('follow-up-settings')
  @Roles('org_admin')
  @ApiOperation({ summary: "Change your school's follow-up plan (for graduations from now on)" })
  @ApiOkResponse({ type: FollowUpSettingsDto })
  saveSettings(@CurrentPrincipal() caller: Principal, @Body() dto: FollowUpSettingsDto) {
    return this.followUps.saveSettings(caller, dto);
  }

  @Get('learners/:learnerId/follow-ups')
  @ApiOperation({ summary: "A graduate's follow-ups and their state (scheduled, due, answered, overdue)" })
  list(@CurrentPrincipal() caller: Principal, @Param('learnerId', new ParseUUIDPipe()) learnerId: string, @Query() q: ListFollowUpsQuery) {
    return this.followUps.list(caller, learnerId, q);
  }
}
