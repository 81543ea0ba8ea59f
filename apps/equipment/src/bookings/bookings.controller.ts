import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@hamkor/auth';
import { BookingsService } from './bookings.service';
import { CalendarQuery, ListBookingsQuery, RejectBookingDto } from './dto/booking.dto';

const uuid = new ParseUUIDPipe();

@ApiTags('bookings')
@Controller('bookings')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Get()
  @ApiOperation({ summary: 'Bookings your organisation holds (as=holder) or of your resources (as=owner), paginated' })
  list(@CurrentPrincipal() caller: Principal, @Query() q: ListBookingsQuery) {
    return this.bookings.list(caller, q);
  }

  @Get('calendar.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="bookings.ics"')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: "iCalendar (RFC 5545) of your organisation's pending and approved bookings" })
  calendar(@CurrentPrincipal() caller: Principal, @Query() q: CalendarQuery) {
    return this.bookings.organisationCalendar(caller, q);
  }

  @Get(':bookingId')
  @ApiOkResponse({ description: 'the booking (its holder, its resource owner, or the operator)' })
  get(@CurrentPrincipal() caller: Principal, @Param('bookingId', uuid) id: string) {
    return this.bookings.get(caller, id);
  }

  @Post(':bookingId/approve')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Approve a pending booking (resource owner only)' })
  @ApiForbiddenResponse({ description: 'not the owner' })
  @ApiConflictResponse({ description: 'not pending' })
  approve(@CurrentPrincipal() caller: Principal, @Param('bookingId', uuid) id: string) {
    return this.bookings.approve(caller, id);
  }

  @Post(':bookingId/reject')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Reject a pending booking (resource owner only); the slot is free again' })
  reject(@CurrentPrincipal() caller: Principal, @Param('bookingId', uuid) id: string, @Body() dto: RejectBookingDto) {
    return this.bookings.reject(caller, id, dto);
  }

  @Post(':bookingId/cancel')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: "Cancel a booking (the holder's organisation only)" })
  cancel(@CurrentPrincipal() caller: Principal, @Param('bookingId', uuid) id: string) {
    return this.bookings.cancel(caller, id);
  }

  @Post(':bookingId/check-in')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator', 'mentor')
  @ApiOperation({ summary: 'Record that the holder arrived (from 30 minutes before the start): the time counts as used' })
  checkIn(@CurrentPrincipal() caller: Principal, @Param('bookingId', uuid) id: string) {
    return this.bookings.checkIn(caller, id);
  }

  @Post(':bookingId/no-show')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Release a booking nobody checked in to, after the grace period (resource owner only)' })
  noShow(@CurrentPrincipal() caller: Principal, @Param('bookingId', uuid) id: string) {
    return this.bookings.releaseNoShow(caller, id);
  }
}
