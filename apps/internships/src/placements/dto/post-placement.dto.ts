import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PLACEMENT_VISIBILITIES, PlacementVisibility } from '@hamkor/contracts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PostPlacementDto {
  @ApiProperty({ example: 'CNC machining assistant', minLength: 3, maxLength: 200 })
  @IsString()
  @Length(3, 200)
  title!: string;

  @ApiProperty({ example: 'Set up and run 3-axis CNC mills under a mentor; read technical drawings.', maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  description!: string;

  @ApiProperty({ example: ['cnc-setup', 'technical-drawing'], description: 'what the intern practises; the mentor scores each (1–5)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  competencies!: string[];

  @ApiProperty({ example: 'mechatronics', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  specialty!: string;

  @ApiProperty({ example: 'UZ-TK', description: 'ISO 3166-2 region code' })
  @IsString()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be a region code like UZ-TK' })
  region!: string;

  @ApiProperty({ example: 'Workshop 2, Chilonzor industrial zone', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  location!: string;

  @ApiProperty({ example: 5, minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity!: number;

  @ApiProperty({ example: '2027-02-01', format: 'date' })
  @Matches(DATE, { message: 'startsOn must be a date like 2027-02-01' })
  @IsISO8601({ strict: true })
  startsOn!: string;

  @ApiProperty({ example: '2027-05-31', format: 'date' })
  @Matches(DATE, { message: 'endsOn must be a date like 2027-05-31' })
  @IsISO8601({ strict: true })
  endsOn!: string;

  @ApiProperty({ example: '2027-01-15T18:00:00+05:00', format: 'date-time', description: 'no nominations after it; the placement closes by itself then' })
  @IsISO8601({ strict: true })
  @Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, { message: 'applicationDeadline must be a date-time with a time zone' })
  applicationDeadline!: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  paid!: boolean;

  @ApiProperty({ enum: PLACEMENT_VISIBILITIES, example: 'partners', description: 'public; partners (an active internships agreement); cluster (a shared cluster)' })
  @IsIn(PLACEMENT_VISIBILITIES)
  visibility!: PlacementVisibility;
}

/** Any subset of the terms; allowed until the first nomination is accepted. */
export class UpdatePlacementDto extends PartialType(PostPlacementDto) {}

export class BulkPostPlacementsDto {
  @ApiProperty({ type: [PostPlacementDto], description: 'posted together or not at all (at most 100)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  // ValidateNested walks into an array inside the array too, so [[{...}]] would pass without this.
  @IsObject({ each: true, message: 'each of placements must be a placement object' })
  @ValidateNested({ each: true })
  @Type(() => PostPlacementDto)
  placements!: PostPlacementDto[];
}
