import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { BOOKING_STATUSES, BookingStatus } from '@hamkor/contracts';
import { PageQueryDto } from '@hamkor/http';
import { INSTANT, INSTANT_MESSAGE } from '../../resources/dto/resource-queries.dto';

export class CreateBookingDto {
  @ApiProperty({ example: '2026-10-05T09:00:00+05:00' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: `startsAt ${INSTANT_MESSAGE}` })
  startsAt!: string;

  @ApiProperty({ example: '2026-10-05T11:00:00+05:00' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: `endsAt ${INSTANT_MESSAGE}` })
  endsAt!: string;

  @ApiProperty({ example: 'Grade 10 robotics club: CNC practice', maxLength: 1000 })
  @IsString()
  @Length(3, 1000)
  purpose!: string;

  @ApiProperty({ example: 12, description: 'people taking part; at most the resource capacity' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  participants!: number;

  @ApiPropertyOptional({ example: true, description: "required when the resource has a training requirement: the participants have it" })
  @IsOptional()
  @IsBoolean()
  trainingConfirmed?: boolean;
}

export class CreateBookingSeriesDto extends CreateBookingDto {
  @ApiProperty({ enum: ['weekly'], example: 'weekly', description: 'repeats at the same local time in the resource time zone' })
  @IsIn(['weekly'])
  frequency!: 'weekly';

  @ApiProperty({ example: '2026-12-20', description: 'last local date an occurrence may fall on (inclusive); at most 52 occurrences' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'until must be a date like 2026-12-20' })
  until!: string;
}

export class RejectBookingDto {
  @ApiPropertyOptional({ example: 'the lab is being serviced that week', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class ListBookingsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['holder', 'owner'], default: 'holder', description: 'bookings your organisation holds, or bookings of your resources' })
  @IsOptional()
  @IsIn(['holder', 'owner'])
  as?: 'holder' | 'owner';

  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES)
  status?: BookingStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  resourceId?: string;

  @ApiPropertyOptional({ example: '2026-10-01T00:00:00+05:00', description: 'bookings ending after this' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: `from ${INSTANT_MESSAGE}` })
  from?: string;
}

export class CalendarQuery {
  @ApiPropertyOptional({ enum: ['holder', 'owner'], default: 'holder' })
  @IsOptional()
  @IsIn(['holder', 'owner'])
  as?: 'holder' | 'owner';
}
