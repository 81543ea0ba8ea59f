import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiGoneResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentPrincipal, OrganisationTypes, Principal, Public, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { SelfReportService } from './self-report.service';
import { IssuedLink, IssueLinkDto, SelfReportDto } from './dto/self-report.dto';

@ApiTags('self-report')
@Controller()
export class SelfReportController {
  constructor(private readonly selfReports: SelfReportService) {}

  @Post('follow-ups/:followUpId/self-report-links')
  @Roles('org_admin', 'coordinator')
  @OrganisationTypes('school')
  @Idempotent('employment')
  @ApiOperation({ summary: 'Issue a one-time self-report link for a due follow-up (the graduate must have agreed to be contacted)' })
  @ApiCreatedResponse({ type: IssuedLink })
  @ApiConflictResponse({ description: 'the follow-up is not due, or the graduate did not consent to contact' })
  issue(@CurrentPrincipal() caller: Principal, @Param('followUpId', new ParseUUIDPipe()) id: string, @Body() dto: IssueLinkDto) {
    return this.selfReports.issue(caller, id, dto);
  }

  @Post('self-report')
  @Public()
  @ApiSecurity({})
  @HttpCode(200)
  @ApiOperation({ summary: 'A graduate reports their status through a one-time link (no account; the token is the authorisation)' })
  @ApiOkResponse({ description: 'recorded' })
  @ApiUnauthorizedResponse({ description: 'the token is forged or unknown' })
  @ApiGoneResponse({ description: 'the link has expired' })
  @ApiConflictResponse({ description: 'the link was already used' })
  submit(@Body() dto: SelfReportDto) {
    return this.selfReports.submit(dto);
  }
}
