import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { CentreSubscriptionsService } from './centre-subscriptions.service';
import { ListSubscriptionsQuery, SubscribeDto } from './dto/subscribe.dto';

@ApiTags('employment-centres')
@Controller('centre-subscriptions')
@OrganisationTypes('employment_centre')
export class CentreSubscriptionsController {
  constructor(private readonly subscriptions: CentreSubscriptionsService) {}

  @Post()
  @Roles('org_admin', 'coordinator')
  @Idempotent('employment')
  @ApiOperation({
    summary: "Subscribe your employment centre to a region's graduates",
    description: 'From now on, each graduate of the region reported unemployed_seeking, or still unknown after an overdue follow-up, is published on employment.centre_referral.v1 addressed to your centre (and delivered to your webhook by notifications).',
  })
  @ApiCreatedResponse({ description: 'subscribed (subscribing twice is harmless)' })
  subscribe(@CurrentPrincipal() caller: Principal, @Body() dto: SubscribeDto) {
    return this.subscriptions.subscribe(caller, dto.region);
  }

  @Get()
  @ApiOperation({ summary: "Your centre's regions (paginated)" })
  list(@CurrentPrincipal() caller: Principal, @Query() q: ListSubscriptionsQuery) {
    return this.subscriptions.list(caller, q);
  }

  @Delete(':region')
  @HttpCode(204)
  @Roles('org_admin', 'coordinator')
  @ApiNoContentResponse({ description: 'unsubscribed' })
  unsubscribe(@CurrentPrincipal() caller: Principal, @Param('region') region: string) {
    return this.subscriptions.unsubscribe(caller, region);
  }
}
