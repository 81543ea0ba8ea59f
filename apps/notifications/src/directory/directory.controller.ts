import { Controller, ForbiddenException, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, isPlatformAdmin, Principal } from '@hamkor/auth';
import { OrganisationRow } from '@hamkor/partnership-view';

@ApiTags('directory')
@Controller('directory/organisations')
export class DirectoryController {
  constructor(@InjectDataSource('notifications') private readonly ds: DataSource) {}

  @Get(':organisationId')
  @ApiOperation({ summary: "The notifications service's view of an organisation (its own members or the operator)" })
  async get(@CurrentPrincipal() caller: Principal, @Param('organisationId', new ParseUUIDPipe()) id: string) {
    if (!isPlatformAdmin(caller) && caller.organisationId !== id) throw new ForbiddenException('this belongs to another organisation');
    const org = await this.ds.getRepository(OrganisationRow).findOneBy({ id });
    if (!org) throw new NotFoundException('not in the directory (yet)');
    return org;
  }
}
