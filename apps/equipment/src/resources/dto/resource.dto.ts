import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { RESOURCE_KINDS, ResourceKind, SHARING_SCOPES, SharingScope } from '@hamkor/contracts';
import { minutesOf } from '../opening-hours';

@ValidatorConstraint({ name: 'opensBeforeCloses' })
class OpensBeforeCloses implements ValidatorConstraintInterface {
  validate(closes: unknown, args?: ValidationArguments): boolean {
    const opens = (args?.object as OpeningRuleDto | undefined)?.opens;
    return typeof closes === 'string' && typeof opens === 'string' && minutesOf(closes) > minutesOf(opens);
  }
  defaultMessage(): string {
    return 'closes must be later than opens (overnight openings are two rules, one per day)';
  }
}

export class OpeningRuleDto {
  @ApiProperty({ minimum: 1, maximum: 7, example: 1, description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ example: '09:00', description: 'local time in the resource time zone' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'opens must be HH:MM' })
  opens!: string;

  @ApiProperty({ example: '18:00', description: 'local time; 24:00 is the end of the day' })
  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'closes must be HH:MM or 24:00' })
  @Validate(OpensBeforeCloses)
  closes!: string;
}

export class CreateResourceDto {
  @ApiProperty({ enum: RESOURCE_KINDS, example: 'lab' })
  @IsIn(RESOURCE_KINDS)
  kind!: ResourceKind;

  @ApiProperty({ example: 'CNC machining lab', maxLength: 200 })
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'Three 3-axis CNC mills with CAM workstations', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ example: 'Building B, room 104', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  location?: string;

  @ApiProperty({ example: 'UZ-TK', description: 'ISO 3166-2 region code of where the resource is' })
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be a region code like UZ-TK' })
  region!: string;

  @ApiProperty({ example: 16, description: 'people at a time' })
  @IsInt()
  @Min(1)
  @Max(10_000)
  capacity!: number;

  @ApiProperty({ example: 'Asia/Tashkent', description: 'IANA time zone of the opening hours' })
  @IsTimeZone()
  timeZone!: string;

  @ApiProperty({ type: [OpeningRuleDto], example: [{ weekday: 1, opens: '09:00', closes: '18:00' }] })
  @IsArray()
  @ArrayMaxSize(70)
  @ValidateNested({ each: true })
  @Type(() => OpeningRuleDto)
  openingHours!: OpeningRuleDto[];

  @ApiProperty({ enum: SHARING_SCOPES, example: 'cluster', description: 'cluster members, partners (active equipment agreement) or everyone' })
  @IsIn(SHARING_SCOPES)
  sharingScope!: SharingScope;

  @ApiProperty({ example: true })
  @IsBoolean()
  approvalRequired!: boolean;

  @ApiPropertyOptional({ example: 1440, default: 0, description: 'a booking must start at least this many minutes from now' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(525_600)
  minNoticeMinutes?: number;

  @ApiPropertyOptional({ example: 240, default: 480 })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(10_080)
  maxDurationMinutes?: number;

  @ApiPropertyOptional({ example: 'CNC safety induction', maxLength: 300, description: 'bookings must confirm their participants have it' })
  @IsOptional()
  @IsString()
  @Length(2, 300)
  trainingRequirement?: string;

  @ApiPropertyOptional({ example: 60, default: 60, description: 'minutes before an approved booking that its holder is reminded' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20_160)
  reminderMinutes?: number;

  @ApiPropertyOptional({ example: 15, default: 15, description: 'minutes after the start before the owner may release a no-show' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1440)
  noShowGraceMinutes?: number;
}

export class UpdateResourceDto extends PartialType(CreateResourceDto) {}
