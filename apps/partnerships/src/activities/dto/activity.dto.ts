import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUrl, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ACTIVITY_KINDS, ActivityKind } from '@hamkor/contracts';
import { PageQueryDto } from '@hamkor/http';

// IsISO8601 also takes week dates and ordinal dates ("2026-W05"), which Date cannot read: a calendar date and time with an offset only.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const dateTime = (field: string) => Matches(DATE_TIME, { message: `${field} must be a date-time with an offset, like 2026-10-05T10:00:00Z` });

export class ScheduleActivityDto {
  @ApiProperty({ enum: ACTIVITY_KINDS, example: 'gifted_club' })
  @IsIn(ACTIVITY_KINDS)
  kind!: ActivityKind;

  @ApiProperty({ example: 'Robotics club for gifted pupils', maxLength: 300 })
  @IsString()
  @Length(2, 300)
  title!: string;

  @ApiPropertyOptional({ example: 'Arduino basics; bring a laptop', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ example: '2026-10-05T10:00:00Z', description: 'date-time with an offset' })
  @IsISO8601({ strict: true })
  @dateTime('startsAt')
  startsAt!: string;

  @ApiProperty({ example: '2026-10-05T12:00:00Z' })
  @IsISO8601({ strict: true })
  @dateTime('endsAt')
  endsAt!: string;

  @ApiPropertyOptional({ example: 'TSTU, building 2, lab 214', description: 'a place, a link, or both' })
  @IsOptional()
  @IsString()
  @Length(2, 500)
  place?: string;

  @ApiPropertyOptional({ example: 'https://meet.example.uz/robotics-club' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(1000)
  link?: string;

  @ApiProperty({ example: 30, minimum: 1, maximum: 100000 })
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity!: number;
}

export class RegisterParticipantsDto {
  @ApiProperty({ example: 5, minimum: 1, maximum: 10000, description: 'how many participants your organisation sends (a count, not names)' })
  @IsInt()
  @Min(1)
  @Max(10000)
  participants!: number;
}

export class ListActivitiesQuery extends PageQueryDto {}
