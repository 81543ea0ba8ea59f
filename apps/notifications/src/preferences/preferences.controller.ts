import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@hamkor/auth';
import { PreferenceParams, PreferenceView, SetPreferenceDto } from './dto/preference.dto';
import { PreferencesService } from './preferences.service';

/** The caller's own notification preferences. */
@ApiTags('preferences')
@Controller('me/preferences')
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @ApiOperation({ summary: 'My preferences: every event type that can reach me, per channel (not paginated: one row per event type and channel)' })
  @ApiOkResponse({ type: PreferenceView, isArray: true })
  list(@CurrentPrincipal() caller: Principal) {
    return this.preferences.list(caller);
  }

  @Put(':eventType/:channel')
  @ApiOperation({ summary: 'Switch an event type on or off on a channel (critical types cannot be switched off)' })
  @ApiOkResponse({ type: PreferenceView })
  @ApiUnprocessableEntityResponse({ description: 'a critical event type cannot be muted' })
  set(@CurrentPrincipal() caller: Principal, @Param() p: PreferenceParams, @Body() dto: SetPreferenceDto) {
    return this.preferences.set(caller, p, dto.enabled);
  }
}
