import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@hamkor/auth';
import { Idempotent } from '@hamkor/http';
import { AvailabilityQuery } from '../resources/dto/resource-queries.dto';
import { BookingsService } from './bookings.service';
import { CreateBookingDto, CreateBookingSeriesDto, ListBookingsQuery } from './dto/booking.dto';

const uuid = new ParseUUIDPipe();

@ApiTags('bookings')
@Controller('resources/:resourceId')
export class ResourceBookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Get('availability')
  @ApiOperation({ summary: 'Free slots of a resource between two instants: opening hours minus blackouts and live bookings' })
  @ApiOkResponse({ description: 'free slots, in UTC', schema: { example: { resourceId: 'a3d1c0de-4b2a-4c5e-9f10-2b3c4d5e6f70', timeZone: 'Asia/Tashkent', slots: [{ startsAt: '2026-10-05T04:00:00.000Z', endsAt: '2026-10-05T06:00:00.000Z' }] } } })
  availability(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string, @Query() q: AvailabilityQuery) {
    return this.bookings.availability(caller, id, q);
  }

  @Post('bookings')
  @Roles('org_admin', 'coordinator')
  @Idempotent('equipment')
  @ApiOperation({ summary: 'Book a slot (pending when the resource needs approval, otherwise approved)' })
  @ApiCreatedResponse({ description: 'the booking' })
  @ApiConflictResponse({ description: 'the slot overlaps another booking: `conflictingSlot` says which', schema: { example: { type: 'https://hamkor.uz/problems/booking-conflict', status: 409, conflictingSlot: { startsAt: '2026-10-05T04:00:00.000Z', endsAt: '2026-10-05T06:00:00.000Z' } } } })
  @ApiUnprocessableEntityResponse({ description: 'too short notice, too long, over capacity, outside opening hours, in a blackout, training not confirmed' })
  @ApiForbiddenResponse({ description: 'the resource is not shared with your organisation' })
  book(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string, @Body() dto: CreateBookingDto) {
    return this.bookings.book(caller, id, dto);
  }

  @Post('booking-series')
  @Roles('org_admin', 'coordinator')
  @Idempotent('equipment')
  @ApiOperation({ summary: 'Book the same local time every week until a date; each occurrence is booked or reported as conflicting/refused' })
  @ApiCreatedResponse({ description: 'per-occurrence results', schema: { example: { seriesId: 'c1d2e3f4-0000-4000-8000-000000000001', booked: 3, notBooked: 1, occurrences: [{ startsAt: '2026-10-05T04:00:00.000Z', endsAt: '2026-10-05T06:00:00.000Z', result: 'booked' }, { startsAt: '2026-10-12T04:00:00.000Z', endsAt: '2026-10-12T06:00:00.000Z', result: 'conflicting', conflictingSlot: { startsAt: '2026-10-12T05:00:00.000Z', endsAt: '2026-10-12T07:00:00.000Z' } }] } } })
  @ApiConflictResponse({ description: 'no occurrence could be booked' })
  bookSeries(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string, @Body() dto: CreateBookingSeriesDto) {
    return this.bookings.bookSeries(caller, id, dto);
  }

  @Get('bookings')
  @ApiOperation({ summary: "A resource's bookings (owner only, paginated)" })
  list(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string, @Query() q: ListBookingsQuery) {
    return this.bookings.listOfResource(caller, id, q);
  }

  @Get('calendar.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="resource.ics"')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: "iCalendar (RFC 5545) of a resource's pending and approved bookings (owner only)" })
  calendar(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string) {
    return this.bookings.resourceCalendar(caller, id);
  }

  @Post('withdraw')
  @HttpCode(200)
  @Roles('org_admin', 'coordinator')
  @ApiOperation({ summary: 'Withdraw a resource (owner only): its unfinished bookings are cancelled and their holders told' })
  withdraw(@CurrentPrincipal() caller: Principal, @Param('resourceId', uuid) id: string) {
    return this.bookings.withdraw(caller, id);
  }
}
